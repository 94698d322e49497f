from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin, ScopedInline

from .countries import CountryField
from .models import SECRETARIAT_ROLES, Membership, Milestone, NewsItem, Person, StakeholderGroup, WorkingGroup
from .services import back_office_grant


class CountryPickerMixin:
    """The back office picks a country from a list in the viewer's language, not by typing its ISO code."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "country":
            return CountryField(label=db_field.verbose_name, required=not db_field.blank)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _grant_if_secretariat(membership: Membership) -> None:
    if membership.role in SECRETARIAT_ROLES and membership.person.user_id:
        back_office_grant(user=membership.person.user)


class MembershipInline(CountryPickerMixin, ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "country", "stakeholder_group", "affiliation", "appointed_on", "order"]


class MilestoneInline(ScopedInline, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["starts_on", "ends_on", "title", "kind", "location"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["acronym", "name", "established_on", "final_report_due", "is_listed"]
    search_fields = ["name", "acronym", "mandate"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [MembershipInline, MilestoneInline]

    def after_save(self, request, obj, children):
        for child in children:
            if isinstance(child, Membership):
                _grant_if_secretariat(child)


@admin.register(Person)
class PersonAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["name", "user", "gender"]
    search_fields = ["name", "user__username"]
    list_filter = ["gender"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(CountryPickerMixin, EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["person", "group", "role", "country", "region", "stakeholder_group", "appointed_on"]
    list_filter = ["group", "role", "region", "stakeholder_group", "personal_capacity"]
    search_fields = ["person__name", "affiliation", "place", "country"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "group", "stakeholder_group"]

    def after_save(self, request, obj, children):
        _grant_if_secretariat(obj)


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]


@admin.register(NewsItem)
class NewsItemAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "published_at", "language"]
    list_filter = ["group", "language"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"


@admin.register(Milestone)
class MilestoneAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "kind", "starts_on", "ends_on"]
    list_filter = ["group", "kind"]
    search_fields = ["title", "source"]
