from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from plenary.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user (a group's secretariat) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        token, raw = api_token_create(actor=None, user=user, name=name)
        self.stdout.write(raw)
        self.stderr.write(f"Token {token.prefix}… for {username}: keep it secret; it is not shown again.")
