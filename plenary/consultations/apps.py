from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "plenary.consultations"
    label = "consultations"
    verbose_name = _("Calls and contributions")

    def ready(self) -> None:
        from plenary.groups.navigation import register_home_panel, register_section, register_timeline_source
        from plenary.groups.sample_registry import register_sample_loader
        from plenary.issues.panels import register_issue_panel

        from . import queue, sample, search_sources, selectors, tallies
        from .selectors import call_timeline

        register_section(order=50, key="consultations", label=_("Consultations"), url_name="consultations:calls")
        register_home_panel(
            order=20,
            template="consultations/_open_calls_panel.html",
            context=selectors.open_calls_panel,
        )
        register_timeline_source(call_timeline)
        register_sample_loader(order=30, name="consultations", loader=sample.load)
        search_sources.register()
        queue.register()
        tallies.connect()
        register_issue_panel(order=20, template="consultations/_issue_panel.html", context=selectors.issue_panel)
        from plenary.accounts.holdings import register_eraser, register_link_renewer

        from .holdings import contribution_link_renew, contributions_erase

        register_eraser(name="contributions", eraser=contributions_erase)
        register_link_renewer(kind="contribution", renewer=contribution_link_renew)
