"""What an account holds, provided by the apps that hold it: accounts depends on no domain app, so each one
registers (in its AppConfig.ready) a section of the "My contributions and comments" page and an eraser that
removes a deleted account's personal data from its records, keeping the published record."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    order: int
    template: str  # rendered with `section` (what `provider(user)` returned) in the context
    provider: Callable


_SECTIONS: dict[str, Section] = {}
_ERASERS: dict[str, Callable] = {}
_RENEWERS: dict[str, Callable] = {}


def register_section(*, name: str, order: int, template: str, provider: Callable) -> None:
    """`provider(user)` returns what the template shows: only what this user sent (core.visibility.sent_by)."""
    _SECTIONS[name] = Section(order=order, template=template, provider=provider)


def register_eraser(*, name: str, eraser: Callable) -> None:
    """`eraser(user)` removes the user's personal data from the app's records (inside the deletion's transaction)
    and returns how many records it changed."""
    _ERASERS[name] = eraser


def sections(user) -> list[dict]:
    return [
        {"template": s.template, "section": s.provider(user)} for s in sorted(_SECTIONS.values(), key=lambda s: s.order)
    ]


def erasers() -> dict[str, Callable]:
    return dict(sorted(_ERASERS.items()))


def register_link_renewer(*, kind: str, renewer: Callable) -> None:
    """`renewer(actor=user, pk=...)` gives the user's own input of this kind a new private link and e-mails it
    (raises PermissionDenied for input the user did not send, ObjectDoesNotExist for none)."""
    _RENEWERS[kind] = renewer


def link_renewer(kind: str) -> Callable | None:
    return _RENEWERS.get(kind)
