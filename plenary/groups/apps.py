from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "plenary.groups"
    label = "groups"
    verbose_name = _("Working groups and members")

    def ready(self) -> None:
        from plenary.core.visibility import register_roles

        from . import search_sources
        from .navigation import register_section
        from .permissions import roles_of

        register_roles(roles_of)
        search_sources.register()

        register_section(order=10, key="home", label=_("Home"), url_name="groups:home")
        register_section(order=20, key="members", label=_("Members"), url_name="groups:members")
        register_section(order=80, key="news", label=_("News"), url_name="groups:news")
        register_section(order=90, key="contact", label=_("Contact"), url_name="groups:contact")
