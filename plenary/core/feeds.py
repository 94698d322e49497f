"""The Atom feed type of every feed on the site: summaries as plain text, and no character XML cannot carry.

Django's `Atom1Feed` writes each summary as `type="html"`, so a feed reader renders it as markup; a summary here
is text the public wrote (a contribution, a comment), which must reach a reader as the words it is, never as HTML
that runs. Control characters (which a form accepts) make Django's XML writer raise, so they are dropped.
"""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .site import absolute_url

_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """The text without the characters XML 1.0 forbids; anything that is not a string is returned as it is."""
    return _NOT_IN_XML.sub("", value) if isinstance(value, str) else value


class PlainTextAtomFeed(Atom1Feed):
    def add_root_elements(self, handler):
        self.feed = {name: xml_text(value) for name, value in self.feed.items()}
        super().add_root_elements(handler)

    def add_item_elements(self, handler, item):
        item = {name: xml_text(value) for name, value in item.items()}
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


class SiteFeed(Feed):
    """A feed whose links are made from the configured site address (plenary.core.site), not the request's host.

    Django's Feed prefixes each relative link with the host the request came by; a link that is absolute already
    is left as it is, so the links are made absolute here first, and the feed's own address after.
    """

    ABSOLUTE = frozenset({"link", "item_link", "feed_url", "author_link", "item_author_link", "item_comments"})

    def _get_dynamic_attr(self, attname, obj, default=None):
        value = super()._get_dynamic_attr(attname, obj, default)
        if attname in self.ABSOLUTE and isinstance(value, str) and value.startswith("/"):
            return absolute_url(value)
        return value

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)  # the feed's own address (rel="self")
        return feed
