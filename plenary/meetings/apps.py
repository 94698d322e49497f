from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "plenary.meetings"
    label = "meetings"
    verbose_name = _("Meetings and documents")

    def ready(self) -> None:
        from plenary.groups.navigation import register_home_panel, register_section, register_timeline_source
        from plenary.groups.sample_registry import register_sample_loader

        from . import sample, search_sources
        from .selectors import meeting_last, meeting_next, meeting_timeline

        register_section(order=30, key="meetings", label=_("Meetings"), url_name="meetings:list")
        register_home_panel(
            order=10,
            template="meetings/_next_meeting_panel.html",
            context=lambda request, group: {
                "next_meeting": meeting_next(group=group),
                "last_meeting": meeting_last(group=group),
            },
        )
        register_timeline_source(meeting_timeline)
        register_sample_loader(order=10, name="meetings", loader=sample.load)
        search_sources.register()
