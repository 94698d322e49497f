"""Charts drawn on the server as SVG (Altair + vl-convert): no JavaScript, no CDN, readable without scripts.

Each chart is also given as a table in the page, so the numbers are never only in a picture.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

from plenary.core.lazy import lazy_module

alt = lazy_module("altair")
vlc = lazy_module("vl_convert")  # imported by the first chart drawn

FONT = "Noto Sans, Noto Sans Arabic, Noto Sans CJK SC, DejaVu Sans, Arial, sans-serif"
# Text on the white page: near-black (17:1); axis lines and ticks a grey at 7:1 (WCAG AA asks 4.5:1 and 3:1).
TEXT_COLOUR = "#1a1a1a"
LINE_COLOUR = "#595959"


def _configure(chart: alt.TopLevelMixin) -> dict:
    return (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_axis(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, domainColor=LINE_COLOUR, tickColor=LINE_COLOUR)
        .configure_text(color=TEXT_COLOUR)
        .to_dict()
    )


def _svg_from_spec(spec: dict) -> str:
    key = "chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = vlc.vegalite_to_svg(spec)
        # Inline SVG in HTML needs no XML prolog; an <svg> with a role and a label is read out by screen readers.
        svg = re.sub(r"^<\?xml[^>]*>", "", svg).strip()
        cache.set(key, svg, 24 * 3600)
    return svg


# Vega's own roles and descriptions of axes and marks ("X-axis titled ... for a discrete scale") are English only:
# they are taken out, and the chart is one image with its label in the page's language (its numbers are in the
# table beside it).
VEGA_ARIA = re.compile(r'\s(?:role|aria-label|aria-roledescription|aria-hidden)="[^"]*"')


def chart_svg(chart: alt.TopLevelMixin, *, label: str) -> SafeString:
    svg = VEGA_ARIA.sub("", _svg_from_spec(_configure(chart)))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (vl-convert output; the only text inserted is escaped)


def memoised(function):
    """Keep a chart function's SVG by its arguments and the language, so a page whose figures have not changed
    builds no chart at all: Altair checks every spec against the Vega-Lite schema, ~0.2 s a chart, before the
    drawn SVG's own cache is even asked."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs) -> SafeString:
        from django.utils.translation import get_language

        named = [function.__module__, function.__qualname__, get_language(), args, kwargs]
        key = "chartfn:" + hashlib.sha256(json.dumps(named, sort_keys=True, default=str).encode()).hexdigest()
        svg = cache.get(key)
        if svg is None:
            svg = str(function(*args, **kwargs))
            cache.set(key, svg, 24 * 3600)
        return mark_safe(svg)  # noqa: S308 (what chart_svg made: vl-convert output with an escaped label)

    return wrapper


def chart_png(chart: alt.TopLevelMixin, *, scale: float = 2.0) -> bytes:
    """PNG for PDFs: WeasyPrint draws Arabic in inline SVG text reversed, PNG is drawn right (vl-convert shapes
    Arabic and orders mixed runs itself, and finds the Noto Arabic and CJK fonts on the system)."""
    return vlc.vegalite_to_png(_configure(chart), scale=scale)


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _rtl(rtl: bool | None) -> bool:
    return get_language_bidi() if rtl is None else rtl


def heatmap(
    rows: list[dict],
    *,
    x: str,
    y: str,
    value: str,
    x_title: str,
    y_title: str,
    x_order=None,
    y_order=None,
    rtl: bool | None = None,
):
    """`rtl` (by default the active language's direction) mirrors it: the first column on the right, the row
    labels on the right."""
    rtl = _rtl(rtl)
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            f"{x}:N",
            title=x_title,
            sort=x_order,
            scale=alt.Scale(reverse=rtl),
            axis=alt.Axis(labelAngle=30 if rtl else -30, labelLimit=160),
        ),
        y=alt.Y(f"{y}:N", title=y_title, sort=y_order, axis=alt.Axis(orient="right" if rtl else "left")),
    )
    # The blues stop two thirds of the way to navy, so black figures keep at least 5.7:1 on every cell (WCAG AA);
    # with the whole scheme, no text colour would pass on the middle blues.
    cells = base.mark_rect().encode(
        color=alt.Color(
            f"{value}:Q", title=None, scale=alt.Scale(scheme={"name": "blues", "extent": [0, 0.65]}), legend=None
        )
    )
    text = base.mark_text(fontSize=13, color="black").encode(text=alt.Text(f"{value}:Q"))
    return (cells + text).properties(width=alt.Step(70), height=alt.Step(32))


def bar(
    rows: list[dict],
    *,
    category: str,
    value: str,
    category_title: str,
    value_title: str,
    order=None,
    rtl: bool | None = None,
):
    """Horizontal bars (#1f6fb2: 5.3:1 on white). `rtl` (by default the active language's direction) mirrors
    them: the categories on the right, the bars growing leftwards, each figure at the bar's left end."""
    rtl = _rtl(rtl)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=order, axis=alt.Axis(orient="right" if rtl else "left")),
        x=alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(reverse=rtl)),
    )
    figures = base.mark_text(align="right" if rtl else "left", dx=-3 if rtl else 3).encode(text=f"{value}:Q")
    return (base.mark_bar(color="#1f6fb2") + figures).properties(width=360, height=alt.Step(24))
