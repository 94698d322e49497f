from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin, ScopedInline

from .models import Cluster, Issue, Organisation, Principle, Responsibility


class IssueInline(ScopedInline, admin.TabularInline):
    model = Issue
    extra = 0
    fields = ["order", "title", "slug", "nature_of_cooperation"]
    show_change_link = True


class ResponsibilityInline(ScopedInline, admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Cluster)
class ClusterAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "group", "nature_of_cooperation"]
    list_filter = ["group", "nature_of_cooperation"]
    search_fields = ["title", "description"]
    inlines = [IssueInline]


@admin.register(Issue)
class IssueAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "cluster", "nature_of_cooperation", "order"]
    list_filter = ["cluster__group", "cluster"]
    search_fields = ["title", "description"]
    inlines = [ResponsibilityInline]


@admin.register(Organisation)
class OrganisationAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind"]
    search_fields = ["name", "acronym"]


@admin.register(Principle)
class PrincipleAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["label", "group", "founding_text", "paragraph", "order"]
    list_filter = ["group"]
    search_fields = ["label", "quote"]
