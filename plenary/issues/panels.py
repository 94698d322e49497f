"""Panels on an issue's page that later apps provide (its assessment, the public input tagged with it, the
recommendations that answer it), registered in their AppConfig.ready so that issues imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IssuePanel:
    order: int
    template: str
    context: Callable  # (request, issue) -> dict, or None to hide the panel


_PANELS: list[IssuePanel] = []


def register_issue_panel(*, order: int, template: str, context: Callable) -> None:
    if not any(panel.template == template for panel in _PANELS):
        _PANELS.append(IssuePanel(order=order, template=template, context=context))


def issue_panels(request, issue) -> list[dict]:
    panels = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request, issue)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return panels
