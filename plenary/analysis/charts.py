import altair as alt
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plenary.core.charts import chart_svg


def raw_and_voices_svg(rows: list[dict], *, category: str, title: str, label: str) -> SafeString:
    """Two bars per category: every submission, and each campaign counted once."""
    raw, voices = _("All submissions"), _("Voices (a campaign counts once)")
    data = [{"category": r[category], "measure": raw, "count": r["raw"]} for r in rows]
    data += [{"category": r[category], "measure": voices, "count": r.get("voices", r["raw"])} for r in rows]
    order = [r[category] for r in rows]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", title=title, sort=order, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("measure:N", sort=[raw, voices]),
        x=alt.X("count:Q", title=_("Count")),
        color=alt.Color(
            "measure:N",
            title=None,
            sort=[raw, voices],
            scale=alt.Scale(range=["#9ecae1", "#1f6fb2"]),
            legend=alt.Legend(orient="top"),
        ),
    )
    chart = (base.mark_bar() + base.mark_text(align="left", dx=3, fontSize=10).encode(text="count:Q")).properties(
        width=420, height=alt.Step(11)
    )
    return chart_svg(chart, label=label)


def over_time_svg(rows: list[dict], *, label: str) -> SafeString:
    raw, voices = _("All submissions"), _("Voices (a campaign counts once)")
    data = [{"month": r["month"], "measure": raw, "count": r["raw"]} for r in rows]
    data += [{"month": r["month"], "measure": voices, "count": r["voices"]} for r in rows]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=_("Month")),
            y=alt.Y("count:Q", title=_("Contributions")),
            color=alt.Color("measure:N", title=None, scale=alt.Scale(range=["#9ecae1", "#1f6fb2"])),
        )
        .properties(width=480, height=200)
    )
    return chart_svg(chart, label=label)
