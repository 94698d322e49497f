from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    """The web side of the analysis engine (`insight`): runs, dashboards and moderation suggestions."""

    name = "plenary.analysis"
    label = "analysis"
    verbose_name = _("Analysis of public input")

    def ready(self) -> None:
        from plenary.groups.navigation import register_section
        from plenary.groups.sample_registry import register_sample_loader

        from . import sample, signals

        register_section(order=57, key="analysis", label=_("Analysis"), url_name="analysis:group")
        register_sample_loader(order=36, name="analysis", loader=sample.load)
        signals.connect()
