"""The issue x principle matrix as a heat map, with the rating written in each cell (never colour alone)."""

import altair as alt

from .models import Rating

# The same colours as the table beside the chart (assessment/work.css): light for adequate, dark for not addressed.
COLOURS = ["#d9f0d3", "#e7d4e8", "#af8dc3", "#7b3294"]

SHORT = {
    str(Rating.ADEQUATE.label): "A",
    str(Rating.PARTLY.label): "P",
    str(Rating.INADEQUATE.label): "I",
    str(Rating.NOT_ADDRESSED.label): "N",
}


def matrix_chart(
    rows: list[dict], *, issue_title: str, principle_title: str, issue_order: list[str], principle_order: list[str]
):
    for row in rows:
        row["short"] = SHORT.get(row["rating"], "?")
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "principle:N", title=principle_title, sort=principle_order, axis=alt.Axis(labelAngle=-30, labelLimit=180)
        ),
        y=alt.Y("issue:N", title=issue_title, sort=issue_order, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "rating:N",
            scale=alt.Scale(domain=[str(label) for _value, label in Rating.choices], range=COLOURS),
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
