"""Questionnaires: the questions a call asks, and the answers a record carries.

Plain data the web app and the CLI both feed (see docs/insight.md, "Questionnaires"):

    Question(id="q1", kind="single", label="Do you support the proposal?",
             choices=(Choice("yes", "Yes", stance="support"), Choice("no", "No", stance="oppose")))
    Question(id="q2", kind="multiple", label="Which issues matter to you?", choices=(...))
    Question(id="q3", kind="open", label="Anything else?")
    Record(id=..., text=..., answers={"q1": "yes", "q2": ["spam", "dns"], "q3": "free text"})

Closed answers are tallied by stakeholder group, region and country, raw and with each campaign counted as one
voice; open answers are read as their own texts (issue counts and excerpts per question). A closed question whose
choices carry a stance (support, oppose, neutral) also gets its stance tallied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SINGLE = "single"
MULTIPLE = "multiple"
OPEN = "open"
KINDS = (SINGLE, MULTIPLE, OPEN)
STANCES = ("support", "oppose", "neutral")


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: str
    stance: str | None = None  # one of STANCES when the question asks for a position


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: str
    label: str
    choices: tuple[Choice, ...] = ()
    column: str | None = None  # where an import finds the answers (a column name); None: the question id

    @property
    def closed(self) -> bool:
        return self.kind in (SINGLE, MULTIPLE)

    @property
    def asks_stance(self) -> bool:
        return any(c.stance for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        """The choice an answer names, by id or label (case and surrounding space ignored)."""
        key = value.strip().casefold()
        for c in self.choices:
            if c.id.casefold() == key or c.label.strip().casefold() == key:
                return c
        return None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "choices": [{"id": c.id, "label": c.label, "stance": c.stance} for c in self.choices],
        }


@dataclass(slots=True)
class QuestionError(ValueError):
    """A question definition that cannot be used: what is wrong, in words."""

    message: str
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def questions_from_dicts(items: list[dict]) -> list[Question]:
    """Questions from plain dicts ({"id", "kind", "label", "choices": [{"id", "label", "stance"}], "column"})."""
    out: list[Question] = []
    seen: set[str] = set()
    for n, q in enumerate(items, 1):
        qid = str(q.get("id") or "").strip()
        kind = str(q.get("kind") or "").strip()
        if not qid:
            raise QuestionError(f"question {n} has no id")
        if qid in seen:
            raise QuestionError(f"question id {qid!r} is used twice")
        if kind not in KINDS:
            raise QuestionError(f"question {qid!r}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        choices = []
        for c in q.get("choices") or []:
            if isinstance(c, str):
                c = {"id": c, "label": c}
            stance = c.get("stance") or None
            if stance is not None and stance not in STANCES:
                raise QuestionError(f"question {qid!r}: stance must be one of {', '.join(STANCES)}, not {stance!r}")
            choices.append(Choice(str(c.get("id") or c.get("label")), str(c.get("label") or c.get("id")), stance))
        if kind != OPEN and not choices:
            raise QuestionError(f"question {qid!r} is {kind} choice but lists no choices")
        seen.add(qid)
        out.append(Question(qid, kind, str(q.get("label") or qid), tuple(choices), q.get("column") or None))
    return out


def load_questions(path: str | Path) -> list[Question]:
    """Questions from a JSON file: a list of question objects, or {"questions": [...]}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return questions_from_dicts(data["questions"] if isinstance(data, dict) else data)


def answer_values(value: object) -> list[str]:
    """The choices a closed answer names: a list as is, a string split on ';' (exports join multiple choices)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(";") if v.strip()]
