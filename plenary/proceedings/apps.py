from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "plenary.proceedings"
    label = "proceedings"
    verbose_name = _("Minutes, readouts, decisions and attendance")

    def ready(self) -> None:
        from plenary.drafting.history import register_paragraph_history_source
        from plenary.groups.navigation import register_section
        from plenary.groups.sample_registry import register_sample_loader
        from plenary.issues.panels import register_issue_panel
        from plenary.meetings.panels import register_session_panel

        from . import sample, search_sources, selectors

        register_section(order=35, key="decisions", label=_("Decisions"), url_name="proceedings:decisions")
        register_session_panel(order=10, template="proceedings/_record_panel.html", context=selectors.record_panel)
        register_session_panel(
            order=20, template="proceedings/_decisions_panel.html", context=selectors.decisions_panel
        )
        register_session_panel(
            order=30, template="proceedings/_consultation_panel.html", context=selectors.consultation_panel
        )
        register_session_panel(
            order=40, template="proceedings/_attendance_panel.html", context=selectors.attendance_panel
        )
        register_issue_panel(order=25, template="proceedings/_issue_panel.html", context=selectors.issue_panel)
        register_paragraph_history_source(selectors.paragraph_decisions)
        register_sample_loader(order=55, name="proceedings", loader=sample.load)
        search_sources.register()
