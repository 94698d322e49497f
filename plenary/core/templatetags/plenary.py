"""Template tags every app's pages may use; what they draw is provided by later apps (core imports none)."""

from collections.abc import Callable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

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


CLDR_LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans"}  # English as the UN writes it; Babel's name for Chinese


@register.filter
def full_date(value) -> str:
    """`{{ day|full_date }}`: the weekday and the date as CLDR writes them in the page's language.

    "Monday, 18 April 2005", "lundi 18 avril 2005", "2005年4月18日星期一": Django's formats have no weekday form.
    """
    if not value:
        return ""
    from babel.dates import format_date
    from django.utils.translation import get_language

    language = get_language() or "en"
    return format_date(value, "full", locale=CLDR_LOCALES.get(language, language.replace("-", "_")))


M49_CODES = {"Africa": "002", "Americas": "019", "Asia": "142", "Europe": "150", "Oceania": "009"}


def _babel_locale():
    from babel import Locale
    from django.utils.translation import get_language

    language = get_language() or "en"
    return Locale.parse(CLDR_LOCALES.get(language, language.replace("-", "_")))


@register.filter
def country(code) -> str:
    """`{{ contribution.country|country }}`: the country's name in the page's language (CLDR), not its ISO code."""
    from plenary.groups.countries import country_name

    return country_name(code) if code else ""


@register.filter
def region(name) -> str:
    """`{{ member.region|region }}`: a UN M49 region (stored by its English name) named in the page's language."""
    code = M49_CODES.get(str(name or ""))
    return _babel_locale().territories.get(code, name) if code else (name or "")


@register.filter
def language_name(code) -> str:
    """`{{ contribution.language|language_name }}`: a language's name in the page's language (CLDR), "en" as
    "anglais" in French; a code CLDR does not know is shown as it is."""
    if not code:
        return ""
    name = _babel_locale().languages.get(str(code).replace("-", "_")) or _babel_locale().languages.get(
        str(code).split("-")[0]
    )
    return name or str(code)


@register.simple_tag
def listing(*items) -> str:
    """`{% listing a b c %}`: a list in a sentence as the page's language joins it (CLDR list patterns: "a, b and
    c", "a, b et c", "a、b和c", "a وb وc"), never an English comma and "and" inside another language."""
    from babel.lists import format_list

    return format_list([str(item) for item in items if item], locale=_babel_locale())


@register.filter
def bdi(value) -> SafeString:
    """`{{ value|bdi }}`: isolate a run whose direction may differ from the page's (a name, a date, a reference).

    For values placed into a translated sentence (`{% blocktranslate with on=day|date:"DATE_FORMAT"|bdi %}`), so that an
    English title or a date inside Arabic text keeps its own order and does not scramble the punctuation around it.
    """
    return format_html("<bdi>{}</bdi>", value)


class ScrollBoxNode(template.Node):
    def __init__(self, label, nodelist) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context) -> SafeString:
        return format_html(
            '<div class="scroll-box" role="region" tabindex="0" aria-label="{}">'
            '<p class="scroll-hint" aria-hidden="true">{}</p>{}</div>',
            self.label.resolve(context),
            gettext("Scroll sideways to see every column."),
            self.nodelist.render(context),
        )


@register.tag
def scrollbox(parser, token) -> ScrollBoxNode:
    """`{% scrollbox label %}<table>…</table>{% endscrollbox %}`: a wide table in a box that scrolls sideways.

    The box is a focusable region named by `label` (so a keyboard can scroll it and a screen reader announces it),
    and it says that it scrolls: a hint shown while its content is wider than the box (site.css).
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrollbox takes one argument: the region's name")
    nodelist = parser.parse(("endscrollbox",))
    parser.delete_first_token()
    return ScrollBoxNode(parser.compile_filter(bits[1]), nodelist)


@register.filter
def version(number) -> str:
    """`{{ v.number|version }}`: a version as the page's language abbreviates it ("v3", "в3", "第 3 版")."""
    from django.utils.translation import pgettext

    return pgettext("a version number, short", "v%(n)s") % {"n": number}


@register.filter
def zone_name(zone) -> str:
    """`{{ meeting.time_zone|zone_name }}`: a time zone by its city, named in the page's language (CLDR):
    "Europe/Zurich" is "Zurich", "Цюрих", "苏黎世", "زيورخ"; a zone CLDR does not know is shown as it is."""
    from babel.dates import get_timezone_location

    if not zone:
        return ""
    try:
        return get_timezone_location(str(zone), locale=_babel_locale(), return_city=True)
    except LookupError:
        return str(zone)
