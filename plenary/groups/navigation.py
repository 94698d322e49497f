"""The sections of a group's site. Each app adds its own in its AppConfig.ready, so groups knows none of them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    order: int
    key: str
    label: str
    url_name: str


_SECTIONS: dict[str, Section] = {}


def register_section(*, order: int, key: str, label: str, url_name: str) -> None:
    _SECTIONS[key] = Section(order=order, key=key, label=label, url_name=url_name)


def group_nav(group_slug: str, current: str) -> list[dict]:
    return [
        {
            "label": section.label,
            "url": reverse(section.url_name, kwargs={"group_slug": group_slug}),
            "current": section.key == current,
        }
        for section in sorted(_SECTIONS.values(), key=lambda s: s.order)
    ]


@dataclass(frozen=True)
class HomePanel:
    order: int
    template: str
    context: "callable"  # (request, group) -> dict, or None to hide the panel


_PANELS: list[HomePanel] = []
_TIMELINE_SOURCES: list = []


def register_home_panel(*, order: int, template: str, context) -> None:
    """Let an app show a panel on the group's home (next meeting, open calls) without groups importing it."""
    if not any(p.template == template for p in _PANELS):
        _PANELS.append(HomePanel(order=order, template=template, context=context))


def register_timeline_source(source) -> None:
    """source(group) -> list of {starts_on, ends_on, title, kind, url} shown on the group's timeline."""
    if source not in _TIMELINE_SOURCES:
        _TIMELINE_SOURCES.append(source)


def home_panels(request, group) -> list[dict]:
    panels = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request, group)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return panels


def timeline_entries(group) -> list[dict]:
    return [entry for source in _TIMELINE_SOURCES for entry in source(group)]
