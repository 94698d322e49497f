"""Template tags every app's pages may use; what they draw is provided by later apps (core imports none)."""

from collections.abc import Callable

from django import template
from django.utils.safestring import SafeString

register = template.Library()
_FOLLOW: dict[str, Callable] = {}


def register_follow_box(renderer: Callable) -> None:
    """The notifications app draws the "follow this" box (core cannot import it)."""
    _FOLLOW["renderer"] = renderer


@register.simple_tag(takes_context=True)
def follow_box(context, target) -> SafeString | str:
    """`{% follow_box draft %}`: a form to follow this group, call, draft, issue or meeting by e-mail."""
    renderer = _FOLLOW.get("renderer")
    request = context.get("request")
    return renderer(request, target) if renderer and request is not None else ""


@register.filter
def score(value) -> str:
    """`{{ tag.score|score }}`: "87%", or "under 1%", never a bare 0.00."""
    from plenary.core.trail import score_label

    return score_label(value)
