"""The issue x principle matrix as a heat map, with the rating written in each cell (never colour alone)."""

from __future__ import annotations

from django.utils.translation import get_language_bidi, pgettext

from plenary.core.lazy import lazy_module

from .models import RATING_SCORES, Rating

alt = lazy_module("altair")  # imported by the first chart drawn

# The same colours as the table beside the chart (assessment/work.css): light for adequate, dark for not addressed.
COLOURS = ["#d9f0d3", "#e7d4e8", "#af8dc3", "#7b3294"]
# The cells' outline: the lightest colours are close to the white page (1.2:1), so each cell is outlined in a grey
# that keeps 7:1 against white (WCAG 1.4.11 asks 3:1 for the parts of a graphic one needs to read it).
OUTLINE = "#595959"


def short_labels() -> dict[int, str]:
    """The one-letter rating written in each cell, by score, in the active language."""
    return {
        RATING_SCORES[Rating.ADEQUATE]: pgettext("rating, one letter", "A"),
        RATING_SCORES[Rating.PARTLY]: pgettext("rating, one letter", "P"),
        RATING_SCORES[Rating.INADEQUATE]: pgettext("rating, one letter", "I"),
        RATING_SCORES[Rating.NOT_ADDRESSED]: pgettext("rating, one letter", "N"),
    }


def matrix_chart(
    rows: list[dict],
    *,
    issue_title: str,
    principle_title: str,
    issue_order: list[str],
    principle_order: list[str],
    rtl: bool | None = None,
):
    """`rtl` (by default: the active language's direction) mirrors the chart for Arabic: the issues' axis on the
    right, the first principle in the rightmost column, the slanted labels leaning the other way."""
    rtl = get_language_bidi() if rtl is None else rtl
    short = short_labels()
    for row in rows:
        row["short"] = short.get(row.get("score"), "?")
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "principle:N",
            title=principle_title,
            sort=principle_order,
            scale=alt.Scale(reverse=rtl),
            axis=alt.Axis(labelAngle=30 if rtl else -30, labelLimit=180),
        ),
        y=alt.Y(
            "issue:N",
            title=issue_title,
            sort=issue_order,
            # The title level above the labels, not turned on its side: Chinese and Arabic read badly rotated.
            axis=alt.Axis(
                labelLimit=260,
                orient="right" if rtl else "left",
                titleAngle=0,
                titleAlign="left" if rtl else "right",
                titleBaseline="bottom",
                titleX=0,
                titleY=-6,
            ),
        ),
    )
    cells = base.mark_rect(stroke=OUTLINE, strokeWidth=1).encode(
        color=alt.Color(
            "score:O",
            scale=alt.Scale(domain=sorted(RATING_SCORES.values()), range=COLOURS),
            legend=None,
        ),
        tooltip=["issue:N", "principle:N", "rating:N"],
    )
    text = base.mark_text(fontSize=12).encode(
        text="short:N",
        # White only on the darkest colour (7.7:1); black on the others (7.4:1 on "inadequate", where white was 2.8:1).
        color=alt.condition("datum.score > 3", alt.value("white"), alt.value("black")),
    )
    return (cells + text).properties(width=alt.Step(64), height=alt.Step(28))
