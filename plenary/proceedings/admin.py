"""The back office for the rare rest (a typo in approved minutes is corrected here, on the trail). Approval,
release and disclosure are steps of the group's pages: their fields are read-only here."""

from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin, ScopedInline

from .models import Attendance, Decision, DecisionLink, Minutes, Readout, Registration, SpeakerEntry


@admin.register(Minutes)
class MinutesAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "approved_at", "is_illustrative"]
    list_filter = ["status", "session__meeting__group"]
    search_fields = ["text"]


@admin.register(Readout)
class ReadoutAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "approved_at", "is_illustrative"]
    list_filter = ["status", "session__meeting__group"]
    search_fields = ["text"]


class DecisionLinkInline(ScopedInline, admin.TabularInline):
    model = DecisionLink
    extra = 0


@admin.register(Decision)
class DecisionAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["label", "title", "session", "outcome", "disclosed", "is_illustrative"]
    list_filter = ["group", "outcome", "disclosed"]
    search_fields = ["title", "text", "proposed_by"]
    inlines = [DecisionLinkInline]


@admin.register(Registration)
class RegistrationAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["submitter_name", "organisation", "session", "mode", "status", "wishes_to_speak"]
    list_filter = ["status", "mode", "session__meeting__group"]
    search_fields = ["submitter_name", "organisation", "submitter_email"]


@admin.register(SpeakerEntry)
class SpeakerEntryAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["name", "session", "state", "position", "stakeholder_group", "region"]
    list_filter = ["state", "session__meeting__group"]


@admin.register(Attendance)
class AttendanceAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["membership", "session", "status"]
    list_filter = ["status", "session__meeting__group"]
