from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plenary.core.charts import chart_svg, memoised
from plenary.core.lazy import lazy_module

alt = lazy_module("altair")  # imported by the first chart drawn


@memoised
def raw_and_voices_svg(rows: list[dict], *, category: str, title: str, label: str) -> SafeString:
    """Two bars per category: every submission, and each campaign counted once."""
    raw, voices = _("All submissions"), _("Voices (a campaign counts once)")
    # Each figure is written in black after the longer of its category's two bars ("at"), never over a bar: in the
    # bars' own colours the light one was 1.75:1 on white, and black on the dark bar only 4:1 (WCAG AA asks 4.5).
    data = [{"category": r[category], "measure": raw, "count": r["raw"]} for r in rows]
    data += [{"category": r[category], "measure": voices, "count": r.get("voices", r["raw"])} for r in rows]
    longest = {r[category]: max(r["raw"], r.get("voices", r["raw"])) for r in rows}
    for d in data:
        d["at"] = longest[d["category"]]
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
    figures = base.mark_text(align="left", dx=3, fontSize=10).encode(
        x=alt.X("at:Q", title=_("Count")), text="count:Q", color=alt.value("black")
    )
    chart = (base.mark_bar() + figures).properties(width=420, height=alt.Step(11))
    return chart_svg(chart, label=label)


def on_a_time_axis(rows: list[dict]) -> tuple[list[dict], str]:
    """Months with nothing are drawn as nothing, not bridged: every month (or, over ten years, every year) from the
    first to the last is there, with zeros where no input came. Returns the rows and the unit ("month"/"year")."""
    counted = {r["month"]: r for r in rows if r.get("month")}
    if not counted:
        return [], "month"
    first, last = min(counted), max(counted)
    y0, m0 = map(int, first.split("-"))
    y1, m1 = map(int, last.split("-"))
    if (y1 - y0) * 12 + (m1 - m0) > 120:
        years: dict[str, dict] = {}
        for key, row in counted.items():
            year = years.setdefault(key[:4], {"period": key[:4], "raw": 0, "voices": 0})
            year["raw"] += row["raw"]
            year["voices"] += row["voices"]
        return [years.get(str(y), {"period": str(y), "raw": 0, "voices": 0}) for y in range(y0, y1 + 1)], "year"
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        key = f"{y:04d}-{m:02d}"
        row = counted.get(key, {"raw": 0, "voices": 0})
        out.append({"period": key, "raw": row["raw"], "voices": row["voices"]})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out, "month"


@memoised
def over_time_svg(rows: list[dict], *, label: str) -> SafeString:
    """Bars on a real time axis (gaps shown as gaps): all submissions behind the voices."""
    raw, voices = _("All submissions"), _("Voices (a campaign counts once)")
    periods, unit = on_a_time_axis(rows)
    axis = _("Month") if unit == "month" else _("Year")
    data = [{"period": r["period"], "measure": raw, "count": r["raw"]} for r in periods]
    data += [{"period": r["period"], "measure": voices, "count": r["voices"]} for r in periods]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=axis, sort=[r["period"] for r in periods]),
            xOffset=alt.XOffset("measure:N", sort=[raw, voices]),
            y=alt.Y("count:Q", title=_("Contributions")),
            color=alt.Color("measure:N", title=None, sort=[raw, voices], scale=alt.Scale(range=["#9ecae1", "#1f6fb2"])),
        )
        .properties(width=480, height=200)
    )
    return chart_svg(chart, label=label)
