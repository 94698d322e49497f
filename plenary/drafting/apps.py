from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "plenary.drafting"
    label = "drafting"
    verbose_name = _("Drafting")

    def ready(self) -> None:
        from plenary.groups.navigation import register_home_panel, register_section, register_timeline_source
        from plenary.groups.sample_registry import register_sample_loader
        from plenary.issues.panels import register_issue_panel

        from . import queue, sample, search_sources, selectors
        from .selectors import draft_home_panel, draft_timeline

        register_section(order=55, key="drafting", label=_("Drafts"), url_name="drafting:list")
        register_home_panel(order=30, template="drafting/_consultation_panel.html", context=draft_home_panel)
        register_timeline_source(draft_timeline)
        register_sample_loader(order=50, name="drafting", loader=sample.load)
        search_sources.register()
        queue.register()
        register_issue_panel(order=30, template="drafting/_issue_panel.html", context=selectors.issue_panel)
        from plenary.accounts.holdings import register_eraser, register_link_renewer

        from .holdings import comment_link_renew, comments_erase

        register_eraser(name="comments", eraser=comments_erase)
        register_link_renewer(kind="comment", renewer=comment_link_renew)
        from plenary.consultations.notices import register_citer

        from .notices import contribution_drafts_tell

        register_citer(contribution_drafts_tell)
