"""Texts in the reader's language: `{% with t=issue|localized:"title" %}` gives a LocalizedText (its `text`,
`language`, `direction`, and whether it is a fallback), and `{% language_note t %}` the visible note beside it."""

from django import template

from plenary.groups.selectors import LocalizedText
from plenary.groups.selectors import localized as localized_text

register = template.Library()


@register.filter
def localized(obj, field: str) -> LocalizedText | str:
    """One field of an object in the active language, or in its own language marked as a fallback."""
    if obj is None or not hasattr(obj, "_meta"):
        return ""
    return localized_text(obj, field)


@register.inclusion_tag("groups/_language_note.html")
def language_note(t) -> dict:
    return {"t": t}
