from django.core.management.base import BaseCommand

from plenary.consultations.tallies import tallies_rebuild
from plenary.groups.models import WorkingGroup


class Command(BaseCommand):
    help = "Recount the maintained counts of the public record (all groups, or one) from the contributions."

    def add_arguments(self, parser):
        parser.add_argument("group", nargs="?", help="a group's slug (default: every group)")

    def handle(self, *args, group=None, **options):
        group_id = WorkingGroup.objects.get(slug=group).pk if group else None
        rows = tallies_rebuild(group_id=group_id)
        self.stdout.write(f"{rows} counts written.")
