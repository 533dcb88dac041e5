"""``escalade api_token USERNAME``: issue a personal API token, shown once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from escalade.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user; only its hash is kept, so copy it now."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for")

    def handle(self, *args, **options) -> None:
        user = (
            get_user_model()
            .objects.filter(username=options["username"], is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"No active user “{options['username']}”.")
        token, raw = ApiToken.issue(user, options["name"][:100])
        self.stderr.write(
            f"Token “{token.name}” for {user.get_username()} (prefix {token.prefix}); "
            "send it as “Authorization: Bearer <token>”."
        )
        self.stdout.write(raw)
