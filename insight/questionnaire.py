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
        """A single-choice question whose choices carry a stance (a multiple choice could count one person twice)."""
        return self.kind == SINGLE and any(c.stance for c in self.choices)

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


def open_answer(value: object) -> bool:
    """True for an open answer that answers: some text of the respondent's own, not empty and not only a pointer
    to an attachment ("see the attached file", a file name; insight.synthesis.attachment_only)."""
    from insight.synthesis import attachment_only

    return isinstance(value, str) and bool(value.strip()) and not attachment_only(value)


# ---------------------------------------------------------------- tallies (the engine's side)

UNKNOWN = "unknown"
DIMENSIONS = ("stakeholder_group", "region", "country")


@dataclass(slots=True)
class Tally:
    """One count seen several ways: raw (every submission) and voices (a campaign once, at its representative)."""

    raw: int = 0
    voices: int = 0
    raw_by: dict[str, dict[str, int]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})
    voices_by: dict[str, dict[str, int]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})

    def add(self, keys: tuple[str, str, str], voice: bool) -> None:
        self.raw += 1
        for d, k in zip(DIMENSIONS, keys, strict=True):
            self.raw_by[d][k] = self.raw_by[d].get(k, 0) + 1
        if voice:
            self.voices += 1
            for d, k in zip(DIMENSIONS, keys, strict=True):
                self.voices_by[d][k] = self.voices_by[d].get(k, 0) + 1

    def merged(self, other: Tally) -> Tally:
        out = Tally(self.raw + other.raw, self.voices + other.voices)
        for d in DIMENSIONS:
            for src, dst in ((self.raw_by, out.raw_by), (other.raw_by, out.raw_by)):
                for k, v in src[d].items():
                    dst[d][k] = dst[d].get(k, 0) + v
            for src, dst in ((self.voices_by, out.voices_by), (other.voices_by, out.voices_by)):
                for k, v in src[d].items():
                    dst[d][k] = dst[d].get(k, 0) + v
        return out

    def as_json(self) -> dict:
        out: dict = {"raw": self.raw, "voices": self.voices}
        for d in DIMENSIONS:
            out[f"raw_by_{d}"] = dict(sorted(self.raw_by[d].items(), key=lambda kv: (-kv[1], kv[0])))
            out[f"voices_by_{d}"] = dict(sorted(self.voices_by[d].items(), key=lambda kv: (-kv[1], kv[0])))
        return out


@dataclass(slots=True)
class QuestionSynthesis:
    """The results of one question: per choice (closed), per stance (when asked), or per issue (open)."""

    question: Question
    answered: Tally
    not_answered: Tally  # attachment-only open answers included
    choices: dict[str, Tally] = field(default_factory=dict)
    stance: dict[str, Tally] | None = None
    issues: list = field(default_factory=list)  # IssueSynthesis per issue, open questions only
    attachment_only: Tally = field(default_factory=Tally)  # open answers that only point to an attachment

    def as_json(self) -> dict:
        q = self.question
        out = {
            **q.as_json(),
            "answered": self.answered.as_json(),
            "not_answered": self.not_answered.as_json(),
        }
        if q.closed:
            out["choices"] = [
                {"id": c.id, "label": c.label, "stance": c.stance, **self.choices[c.id].as_json()} for c in q.choices
            ]
        if self.stance is not None:
            out["stance"] = {k: v.as_json() for k, v in self.stance.items()}
        if q.kind == OPEN:
            out["issues"] = [i.as_json() for i in self.issues]
            out["attachment_only"] = self.attachment_only.as_json()
        return out


class QuestionnaireAccumulator:
    """Chunk by chunk, the answers of every record: closed ones tallied, open ones gathered for scoring."""

    def __init__(self, questions: list[Question], taxonomy, n_campaigns: int) -> None:
        from insight.synthesis import SynthesisAccumulator

        self.questions = questions
        self.answered = {q.id: Tally() for q in questions}
        self.not_answered = {q.id: Tally() for q in questions}
        self.attachment_only = {q.id: Tally() for q in questions if q.kind == OPEN}
        self.choices = {q.id: {c.id: Tally() for c in q.choices} for q in questions if q.closed}
        self.open = [q for q in questions if q.kind == OPEN]
        self.open_acc = {q.id: SynthesisAccumulator(taxonomy, n_campaigns) for q in self.open}

    def open_texts(self, chunk: list) -> tuple[list[str], list[tuple[int, int]]]:
        """The chunk's open answers as one list of texts, with (row in chunk, open question index) for each."""
        texts: list[str] = []
        where: list[tuple[int, int]] = []
        for k, r in enumerate(chunk):
            if not r.answers:
                continue
            for qi, q in enumerate(self.open):
                a = r.answers.get(q.id)
                if open_answer(a):
                    texts.append(a)
                    where.append((k, qi))
        return texts, where

    def add(
        self,
        start: int,
        chunk: list,
        open_scores,
        where: list[tuple[int, int]],
        cindex,
        is_rep,
        sizes,
        groups: list,
        regions: list,
        countries: list,
        days: list,
    ) -> None:
        import numpy as np

        from insight.model import Record

        for k, r in enumerate(chunk):
            p = start + k
            c = int(cindex[p])
            voice = c < 0 or bool(is_rep[p])
            keys = (groups[p] or UNKNOWN, regions[p] or UNKNOWN, countries[p] or UNKNOWN)
            answers = r.answers or {}
            for q in self.questions:
                a = answers.get(q.id)
                given = answer_values(a) if q.closed else ([a] if open_answer(a) else [])
                (self.answered if given else self.not_answered)[q.id].add(keys, voice)
                if not q.closed and not given and isinstance(a, str) and a.strip():
                    self.attachment_only[q.id].add(keys, voice)
                if q.closed:
                    for choice_id in dict.fromkeys(given):
                        tally = self.choices[q.id].get(choice_id)
                        if tally is not None:
                            tally.add(keys, voice)
        for qi, q in enumerate(self.open):
            rows = [n for n, (_, i) in enumerate(where) if i == qi]
            if not rows:
                continue
            ks = [where[n][0] for n in rows]
            positions = np.asarray([start + k for k in ks], dtype=np.int64)
            recs = [Record(chunk[k].id, str(chunk[k].answers[q.id])) for k in ks]
            self.open_acc[q.id].add(
                start,
                recs,
                open_scores[rows],
                cindex[positions],
                is_rep[positions],
                sizes,
                regions,
                groups,
                countries,
                days,
                positions=positions,
            )

    def finish(self, campaigns: list, passage_scorer=None) -> list[QuestionSynthesis]:
        out = []
        for q in self.questions:
            syn = QuestionSynthesis(q, self.answered[q.id], self.not_answered[q.id])
            if q.kind == OPEN:
                syn.attachment_only = self.attachment_only[q.id]
            if q.closed:
                syn.choices = self.choices[q.id]
                if q.asks_stance:
                    # A stance tally counts respondents, so a multiple-choice answer with two "support" choices
                    # counts once: merged per stance from single choices is exact only for single choice.
                    stance: dict[str, Tally] = {}
                    for c in q.choices:
                        if c.stance:
                            stance[c.stance] = (
                                stance[c.stance].merged(syn.choices[c.id])
                                if c.stance in stance
                                else (Tally().merged(syn.choices[c.id]))
                            )
                    syn.stance = stance
            else:
                syn.issues = self.open_acc[q.id].finish(campaigns, passage_scorer)
            out.append(syn)
        return out
