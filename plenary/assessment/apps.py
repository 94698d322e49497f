from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "plenary.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from plenary.groups.navigation import register_section
        from plenary.groups.sample_registry import register_sample_loader
        from plenary.issues.panels import register_issue_panel

        from . import sample, search_sources, selectors

        register_section(order=45, key="assessment", label=_("Assessment"), url_name="assessment:matrix")
        register_sample_loader(order=40, name="assessment", loader=sample.load)
        search_sources.register()
        register_issue_panel(order=10, template="assessment/_issue_panel.html", context=selectors.issue_panel)
        from plenary.consultations.notices import register_citer

        from .services import contribution_findings_tell

        register_citer(contribution_findings_tell)
