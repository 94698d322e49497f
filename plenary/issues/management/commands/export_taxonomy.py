import json

from django.core.management.base import BaseCommand, CommandError

from plenary.groups.models import WorkingGroup
from plenary.issues.taxonomy import taxonomy_export


class Command(BaseCommand):
    help = "Write a group's clusters and issues as JSON, for `plenary-insight analyze --taxonomy FILE`."

    def add_arguments(self, parser):
        parser.add_argument("group", help="the group's slug, e.g. wgig")
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")

    def handle(self, *args, group: str, output: str | None = None, **options):
        try:
            working_group = WorkingGroup.objects.get(slug=group)
        except WorkingGroup.DoesNotExist:
            raise CommandError(f"No group with the slug {group!r}.") from None
        data = taxonomy_export(group=working_group)
        if not any(cluster["issues"] for cluster in data["clusters"]):
            raise CommandError(f"The group {group!r} has no issues yet.")
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
