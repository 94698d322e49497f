from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plenary.core import visibility

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are the site administrators' to manage. A group's secretariat, linking a person to an account,
    finds one only by its exact user name or e-mail and sees user names, never the list of everyone's e-mails."""

    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "organisation",
                    "country",
                    "stakeholder_group",
                    "publish_name",
                    "preferred_language",
                    "email_confirmed_at",
                ]
            },
        ),
    ]
    list_display = ["username", "display_name", "email", "is_staff", "is_superuser", "last_login"]
    search_fields = ["username", "display_name", "email", "organisation"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        # The person -> account autocomplete asks without an object; a secretariat never opens an account's page.
        return obj is None and bool(visibility.viewer_of(request.user).secretariat)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_search_results(self, request, queryset, search_term):
        if request.user.is_superuser:
            return super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return queryset.none(), False
        return queryset.filter(Q(username__iexact=term) | Q(email__iexact=term)), False

    def changelist_view(self, request, extra_context=None):
        if not request.user.is_superuser:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().changelist_view(request, extra_context)
