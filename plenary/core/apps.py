from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "plenary.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .cache import create_cache_tables
        from .pagecache import install_watch, migrated, migrating

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="plenary.core.cache_tables")
        # Every write to the record, on every connection, forgets the kept public pages (plenary.core.pagecache).
        connection_created.connect(install_watch, dispatch_uid="plenary.core.pagecache")
        pre_migrate.connect(migrating, sender=self, dispatch_uid="plenary.core.pagecache.pre")
        post_migrate.connect(migrated, sender=self, dispatch_uid="plenary.core.pagecache.post")
