"""Charts drawn on the server as SVG (Altair + vl-convert): no JavaScript, no CDN, readable without scripts.

Each chart is also given as a table in the page, so the numbers are never only in a picture.
"""

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


# Vega's own roles and descriptions of axes and marks ("X-axis titled ... for a discrete scale") are English only:
# they are taken out, and the chart is one image with its label in the page's language (its numbers are in the
# table beside it).
VEGA_ARIA = re.compile(r'\s(?:role|aria-label|aria-roledescription|aria-hidden)="[^"]*"')


def chart_svg(chart: alt.TopLevelMixin, *, label: str) -> SafeString:
    spec = chart.configure(font=FONT).configure_view(strokeWidth=0).to_dict()
    svg = VEGA_ARIA.sub("", _svg_from_spec(spec))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (vl-convert output; the only text inserted is escaped)


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
