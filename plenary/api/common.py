"""Helpers shared by the API's routers: the public group of a path, absolute URLs, and pages mapped lazily."""

from collections.abc import Callable, Sequence
from typing import Any, overload

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plenary.core.site import site_url
from plenary.groups.models import WorkingGroup
from plenary.groups.selectors import group_list


def base_url(request) -> str:
    """The site's configured origin, so that every URL in an answer can be followed as it is (whatever host
    name the request came by)."""
    return site_url()


def public_group(slug: str) -> WorkingGroup:
    """The group named in the path; 404 for one the public may not see."""
    return get_object_or_404(group_list(viewer=None), slug=slug)


class MappedPage(Sequence):
    """A queryset whose rows are turned into answers only for the page asked for.

    ninja's pagination counts it with len() and slices it, so the database counts and limits, the prefetches run
    once per page, and no row outside the page is ever mapped. A slice that starts past the end is an empty page
    without a query: the databases refuse an OFFSET beyond 64 bits (`?page=10**30` was a server error).
    """

    def __init__(self, queryset: QuerySet, to_dict: Callable[[Any], dict]) -> None:
        self.queryset = queryset
        self.to_dict = to_dict
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            if (index.start or 0) >= len(self):
                return []
            return [self.to_dict(row) for row in self.queryset[index]]
        return self.to_dict(self.queryset[index])
