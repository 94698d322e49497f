from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plenary.core.charts import bar, chart_svg, heatmap

from .selectors import Balance


def balance_heatmap_svg(balance: Balance) -> SafeString:
    from plenary.core.templatetags.plenary import region as region_name  # in the viewer's language

    rows = [
        {"region": region_name(region), "sector": sector, "members": balance.cells.get((region, sector), 0)}
        for region in balance.regions
        for sector in balance.sectors
    ]
    chart = heatmap(
        rows,
        x="sector",
        y="region",
        value="members",
        x_title=_("Stakeholder group"),
        y_title=_("Region (UN M49)"),
        x_order=balance.sectors,
        y_order=[region_name(region) for region in balance.regions],
    )
    return chart_svg(chart, label=_("Members by region and stakeholder group"))


def gender_bar_svg(balance: Balance) -> SafeString:
    rows = [{"gender": name, "members": count} for name, count in balance.by_gender.items()]
    chart = bar(rows, category="gender", value="members", category_title=_("Gender"), value_title=_("Members"))
    return chart_svg(chart, label=_("Members by self-declared gender"))
