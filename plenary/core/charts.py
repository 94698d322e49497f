"""Charts drawn on the server as SVG (Altair + vl-convert): no JavaScript, no CDN, readable without scripts.

Each chart is also given as a table in the page, so the numbers are never only in a picture.
"""

import functools
import hashlib
import json
import re

import altair as alt
import vl_convert as vlc
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"


def _svg_from_spec(spec: dict) -> str:
    key = "chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = vlc.vegalite_to_svg(spec)
        # Inline SVG in HTML needs no XML prolog; an <svg> with a role and a label is read out by screen readers.
        svg = re.sub(r"^<\?xml[^>]*>", "", svg).strip()
        cache.set(key, svg, 24 * 3600)
    return svg


def chart_svg(chart: alt.TopLevelMixin, *, label: str) -> SafeString:
    spec = chart.configure(font=FONT).configure_view(strokeWidth=0).to_dict()
    svg = _svg_from_spec(spec)
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
    """PNG for PDFs: WeasyPrint draws Arabic in inline SVG text reversed, PNG is drawn right."""
    spec = chart.configure(font=FONT).configure_view(strokeWidth=0).to_dict()
    return vlc.vegalite_to_png(spec, scale=scale)


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def heatmap(rows: list[dict], *, x: str, y: str, value: str, x_title: str, y_title: str, x_order=None, y_order=None):
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(f"{x}:N", title=x_title, sort=x_order, axis=alt.Axis(labelAngle=-30, labelLimit=160)),
        y=alt.Y(f"{y}:N", title=y_title, sort=y_order),
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


def bar(rows: list[dict], *, category: str, value: str, category_title: str, value_title: str, order=None):
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=order),
        x=alt.X(f"{value}:Q", title=value_title),
    )
    return (base.mark_bar(color="#1f6fb2") + base.mark_text(align="left", dx=3).encode(text=f"{value}:Q")).properties(
        width=360, height=alt.Step(24)
    )
