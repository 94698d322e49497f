"""Atom feeds of newly published contributions, per group and per call."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plenary.core.feeds import PlainTextAtomFeed, SiteFeed
from plenary.groups.models import WorkingGroup

from .models import Call
from .selectors import contribution_list

FEED_SIZE = 50


class GroupContributionsFeed(SiteFeed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request, group_slug: str):
        return get_object_or_404(WorkingGroup, slug=group_slug)

    def title(self, group):
        return _("%(name)s: published contributions") % {"name": group.name}

    def link(self, group):
        from django.urls import reverse

        return reverse("consultations:contributions", kwargs={"group_slug": group.slug})

    def items(self, group):
        return contribution_list(viewer=None, group=group)[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.reference}: {item.title}"

    def item_description(self, item):
        return f"{item.public_author}. {item.text[:1000]}"

    def item_author_name(self, item):
        return item.public_author

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item.reference


class CallContributionsFeed(GroupContributionsFeed):
    def get_object(self, request, group_slug: str, slug: str):
        return get_object_or_404(Call.objects.select_related("group"), group__slug=group_slug, slug=slug)

    def title(self, call):
        return _("%(call)s: published contributions") % {"call": call.title}

    def link(self, call):
        return call.get_absolute_url()

    def items(self, call):
        return contribution_list(viewer=None, group=call.group, call=call.slug)[:FEED_SIZE]
