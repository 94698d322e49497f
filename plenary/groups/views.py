from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plenary.core.feeds import PlainTextAtomFeed, SiteFeed

from .charts import balance_heatmap_svg, gender_bar_svg
from .models import WorkingGroup
from .navigation import home_panels, timeline_entries
from .selectors import (
    group_get,
    membership_balance,
    membership_by_role,
    milestone_list,
    news_get,
    news_list,
)
from .views_helpers import render_group_page


def timeline_for(group: WorkingGroup) -> list[dict]:
    """Meetings and other dated events, in date order."""
    entries = timeline_entries(group)
    entries += [
        {"starts_on": m.starts_on, "ends_on": m.ends_on, "title": m.title, "kind": m.kind, "url": ""}
        for m in milestone_list(group=group)
    ]
    return sorted(entries, key=lambda e: e["starts_on"])


@require_GET
def home(request, group_slug: str):
    group = group_get(slug=group_slug)
    context = {
        "timeline": timeline_for(group),
        "panels": home_panels(request, group),
        "latest_news": news_list(group=group)[:3],
    }
    return render_group_page(request, group, "groups/home.html", context, section="home")


@require_GET
def members(request, group_slug: str):
    group = group_get(slug=group_slug)
    balance = membership_balance(group=group)
    context = {
        "sections": membership_by_role(group=group),
        "balance": balance,
        "balance_chart": balance_heatmap_svg(balance) if balance.total else "",
        "gender_chart": gender_bar_svg(balance) if balance.total else "",
    }
    return render_group_page(request, group, "groups/members.html", context, section="members")


@require_GET
def news(request, group_slug: str):
    group = group_get(slug=group_slug)
    return render_group_page(request, group, "groups/news_list.html", {"items": news_list(group=group)}, section="news")


@require_GET
def news_detail(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    item = news_get(group=group, slug=slug, viewer=request.user)
    return render_group_page(request, group, "groups/news_detail.html", {"item": item}, section="news")


@require_GET
def contact(request, group_slug: str):
    group = group_get(slug=group_slug)
    return render_group_page(request, group, "groups/contact.html", section="contact")


class NewsFeed(SiteFeed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request, group_slug: str):
        return get_object_or_404(WorkingGroup, slug=group_slug)

    def title(self, group):
        return _("%(name)s: news") % {"name": group.name}

    def link(self, group):
        return group.get_absolute_url()

    def subtitle(self, group):
        return group.mandate[:300]

    def items(self, group):
        return news_list(group=group)[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:1000]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
