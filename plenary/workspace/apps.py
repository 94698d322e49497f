from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "plenary.workspace"
    label = "workspace"
    verbose_name = _("Members' workspace")

    def ready(self) -> None:
        from plenary.groups.navigation import register_section
        from plenary.groups.sample_registry import register_sample_loader
        from plenary.issues.panels import register_issue_panel

        from . import sample, selectors

        register_section(order=90, key="workspace", label=_("Workspace"), url_name="workspace:home")
        register_issue_panel(order=5, template="workspace/_issue_panel.html", context=selectors.issue_panel)
        register_sample_loader(order=57, name="workspace", loader=sample.load)
