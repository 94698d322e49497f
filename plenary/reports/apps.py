from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "plenary.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from plenary.consultations.private_links import register_private_link
        from plenary.groups.navigation import register_section
        from plenary.groups.sample_registry import register_sample_loader

        from . import sample

        register_section(order=60, key="reports", label=_("Report"), url_name="reports:index")
        register_sample_loader(order=60, name="reports", loader=sample.load)
        register_private_link(label=_("What became of your input"), url_name="reports:input_trace")
        from plenary.accounts.holdings import register_section as register_account_section

        from .selectors import input_of

        register_account_section(name="input", order=10, template="reports/_my_input.html", provider=input_of)
