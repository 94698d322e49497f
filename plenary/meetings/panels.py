"""Panels on a session's page that later apps provide (minutes and readout, decisions, registration, the speakers'
list, attendance), registered in their AppConfig.ready so that meetings imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionPanel:
    order: int
    template: str
    context: Callable  # (request, session) -> dict, or None to hide the panel


_PANELS: list[SessionPanel] = []


def register_session_panel(*, order: int, template: str, context: Callable) -> None:
    if not any(panel.template == template for panel in _PANELS):
        _PANELS.append(SessionPanel(order=order, template=template, context=context))


def session_panels(request, session) -> list[dict]:
    panels = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request, session)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return panels
