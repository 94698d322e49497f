from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "plenary.issues"
    label = "issues"
    verbose_name = _("Clusters, issues and principles")

    def ready(self) -> None:
        from plenary.groups.navigation import register_section
        from plenary.groups.sample_registry import register_sample_loader

        from . import sample, search_sources

        register_section(order=40, key="issues", label=_("Issues"), url_name="issues:list")
        register_sample_loader(order=20, name="issues", loader=sample.load)
        search_sources.register()
