from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plenary.core.search import entry_counts, reindex, sources


class Command(BaseCommand):
    help = "Rebuild the search index from the records (every source, or those named) and say what it holds."

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", metavar="source", help="Source keys (default: every source).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when the index holds nothing (after an upgrade emptied it)."
        )

    def handle(self, *args, keys: list[str], if_empty: bool = False, **options):
        if if_empty and entry_counts():
            return
        known = [source.key for source in sources()]
        unknown = sorted(set(keys) - set(known))
        if unknown:
            raise CommandError(f"Unknown source(s): {', '.join(unknown)}. Known: {', '.join(known)}.")
        chosen = [key for key in known if not keys or key in keys]
        read = {}
        for key in chosen:
            # One transaction per source: an interrupted run leaves each source either rebuilt or as it was.
            with transaction.atomic():
                read[key] = reindex([key])
        entries = entry_counts()
        for key in chosen:
            self.stdout.write(f"{key}: {entries.get(key, 0)} entries ({read[key]} records read)")
        self.stdout.write(f"total: {sum(entries.get(key, 0) for key in chosen)} entries")
