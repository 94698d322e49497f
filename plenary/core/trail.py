"""The event trail as people read it: "received", "published by Ana Lima", "Issue tags: Spam, Domain names".

The trail stores the facts (verb, who, from -> to, as recorded); this turns them into sentences for a page, so that
no page prints "status: None -> received" or a Python list. Values are named through `names` (the caller knows
what an issue slug or a status value is called: core imports no other app).
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .models import EventVerb

EMPTY = "—"
# Verbs that say the status change themselves: their `status` change is not repeated as a detail.
STATUS_VERBS = {"submitted", "published", "rejected", "marked_spam", "withdrawn", "moderated"}


@dataclass
class TrailLine:
    when: Any
    sentence: str
    details: list[str] = field(default_factory=list)
    note: str = ""


def score_label(score: Any) -> str:
    """A score from 0 to 1 as people read it: "87%", or "under 1%" rather than a bare 0.00."""
    try:
        percent = float(score or 0) * 100
    except (TypeError, ValueError):
        return str(score)
    return _("under 1%") if percent < 1 else f"{percent:.0f}%"


def _who(event) -> str:
    actor = event.actor
    if actor is not None:
        return actor.get_full_name() or actor.get_username()
    return "" if event.actor_label in ("", "system") else event.actor_label


def value_text(value: Any, names: dict[str, str] | None = None) -> str:
    """One recorded value in words: lists joined, suggestions with their scores, codes by their names."""
    names = names or {}
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(value_text(v, names) for v in value)
    if isinstance(value, dict):
        if "issue" in value:
            name = names.get(value["issue"], value["issue"])
            return f"{name} ({score_label(value['score'])})" if "score" in value else str(name)
        return "; ".join(f"{k}: {value_text(v, names)}" for k, v in value.items())
    return str(names.get(str(value), value))


def _field_label(name: str, labels: dict[str, str]) -> str:
    return labels.get(name) or name.replace("_", " ").capitalize()


def trail_lines(
    events,
    *,
    names: dict[str, dict[str, str]] | None = None,
    labels: dict[str, str] | None = None,
) -> list[TrailLine]:
    """The events in words, in their order. `names[field]` names that field's values (`names["*"]` any field's);
    `labels[field]` names the field itself."""
    names, labels = names or {}, labels or {}
    lines = []
    for event in events:
        changes = dict(event.changes or {})
        status = changes.get("status")
        received = isinstance(status, list) and status[-1:] == ["received"]
        if event.verb == "submitted" and (received or "to" not in changes):
            verb = _("received")  # input from the public: the secretariat has received it (a report says to whom)
        else:
            verb = EventVerb(event.verb).label if event.verb in EventVerb.values else event.verb
        who = _who(event)
        sentence = _("%(verb)s by %(who)s") % {"verb": verb, "who": who} if who else str(verb)
        details = []
        for name, change in changes.items():
            if name == "status" and event.verb in STATUS_VERBS:
                continue
            value_names = {**names.get("*", {}), **names.get(name, {})}
            before, after = change if isinstance(change, list) and len(change) == 2 else (None, change)
            label = _field_label(name, labels)
            if value_text(before) == EMPTY:
                details.append(f"{label}: {value_text(after, value_names)}")
            else:
                details.append(f"{label}: {value_text(before, value_names)} → {value_text(after, value_names)}")
        lines.append(TrailLine(when=event.created_at, sentence=sentence, details=details, note=event.note))
    return lines
