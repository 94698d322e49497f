from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "plenary.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .cache import create_cache_tables

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="plenary.core.cache_tables")
