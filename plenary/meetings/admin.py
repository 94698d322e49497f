from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin, ScopedInline
from plenary.groups.admin import CountryPickerMixin

from .models import AgendaItem, Document, DocumentKind, Meeting, Session


class SessionInline(ScopedInline, admin.StackedInline):
    model = Session
    extra = 0
    fields = [("date", "starts_at", "ends_at"), "title", "kind", "venue", "summary", "order"]
    show_change_link = True


class AgendaItemInline(ScopedInline, admin.TabularInline):
    model = AgendaItem
    extra = 1


class DocumentInline(ScopedInline, admin.TabularInline):
    model = Document
    extra = 0
    fields = ["title", "kind", "language", "visibility", "released_on", "session", "agenda_item"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(CountryPickerMixin, EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "group", "starts_on", "ends_on", "venue"]
    list_filter = ["group"]
    search_fields = ["title", "venue"]
    inlines = [SessionInline, DocumentInline]


@admin.register(Session)
class SessionAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "meeting", "date", "kind"]
    list_filter = ["kind", "meeting__group"]
    search_fields = ["title", "summary"]
    inlines = [AgendaItemInline]


@admin.register(Document)
class DocumentAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "kind", "language", "visibility", "released_on", "published_on"]
    list_filter = ["group", "kind", "visibility", "language"]
    search_fields = ["title", "symbol", "text"]
    autocomplete_fields = ["meeting"]
    date_hierarchy = "published_on"


@admin.register(DocumentKind)
class DocumentKindAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
