"""What later apps add to the public history of one paragraph (e.g. the decisions register: "decided at the fourth
meeting"), registered in their AppConfig.ready so that drafting imports none of them.

A source is `source(viewer, draft, key) -> list[dict]`; each dict has at least `template` and what it needs, and
the source itself asks core.visibility for what this viewer may see.
"""

from collections.abc import Callable

_SOURCES: list[Callable] = []


def register_paragraph_history_source(source: Callable) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def paragraph_history_notes(*, viewer, draft, key: str) -> list[dict]:
    return [note for source in _SOURCES for note in source(viewer, draft, key)]
