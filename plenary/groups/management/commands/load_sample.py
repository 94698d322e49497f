from django.core.management.base import BaseCommand
from django.db import transaction

from plenary.groups import sample
from plenary.groups.sample_registry import sample_loaders


class Command(BaseCommand):
    help = "Create or update the sample working group (the WGIG, 2004-2005). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--demo-accounts", action="store_true", help="Also create sign-in accounts for each role.")

    @transaction.atomic
    def handle(self, *args, demo_accounts: bool = False, **options):
        group = sample.load(actor=None, stdout=self.stdout)
        # Demo accounts first, so that the illustrative work of the members' area can go to them.
        if demo_accounts:
            for line in sample.demo_accounts_load(group):
                self.stdout.write(f"  {line}")
        for name, loader in sample_loaders():
            loader(group=group, actor=None, stdout=self.stdout)
            self.stdout.write(f"  {name}: loaded")
        self.stdout.write(self.style.SUCCESS(f"Sample group ready at /{group.slug}/"))
