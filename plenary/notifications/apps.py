from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Follows and digests: a person (with an account or just a confirmed e-mail) follows a group, a call, a draft,
    an issue or a meeting, and gets one e-mail a period that gathers what became public about them."""

    name = "plenary.notifications"
    label = "notifications"
    verbose_name = _("Follows and digests")

    def ready(self) -> None:
        from plenary.core.templatetags.plenary import register_follow_box

        from .views import follow_box

        register_follow_box(follow_box)
        from plenary.accounts.holdings import register_eraser, register_section

        from .services import follows_erase, follows_of

        register_eraser(name="follows", eraser=follows_erase)
        register_section(name="follows", order=20, template="notifications/_my_follows.html", provider=follows_of)
