"""Tags for the report's template: the group's texts read through `pipeline.content`, marked with their language."""

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from plenary.reports import pipeline

register = template.Library()


@register.simple_tag(takes_context=True)
def content(context, obj, field_name: str, linebreaks: bool = False) -> SafeString:
    """`{% content r.draft "title" %}`: the field as the report in `data.language` prints it; in a span with its
    `lang` and `dir` where it is in another language, isolated (`<bdi>`) where its language is unknown."""
    language = context["data"].language
    value, lang = pipeline.content(obj, field_name, language)
    html = conditional_escape(value)
    if linebreaks:
        html = mark_safe(html.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 (escaped above)
    return pipeline.lang_span(html, lang, language)


@register.simple_tag(takes_context=True)
def lang_attrs(context, obj) -> SafeString:
    """` lang="en" dir="ltr"` for an element holding `obj`'s own text (a diff), where its language is not the
    report's; nothing where it is."""
    language = context["data"].language
    attrs = pipeline.lang_attrs(pipeline.content_language(obj), language)
    return format_html_join("", ' {}="{}"', attrs.items())


@register.filter(name="isolate")
def isolate_filter(value) -> SafeString:
    """`{{ date|isolate }}`: a name, a date or a number isolated from the sentence around it (in the PDF too)."""
    return pipeline.isolate(value)


@register.filter
def ltr(value) -> SafeString:
    """`{{ reference|ltr }}`: a reference, a symbol or a URL that reads left to right in every language."""
    return pipeline.isolate(value, "ltr")
