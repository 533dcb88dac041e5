from django.core.management import call_command
from django.core.management.base import BaseCommand

from escalade.accounts.roles import ensure_groups
from escalade.desk.translations import compile_translations


class Command(BaseCommand):
    help = "Prepare the desk: migrate, create the role groups, compile translations."

    def handle(self, *args, **options):
        compile_translations()
        call_command("migrate", interactive=False, verbosity=options["verbosity"] - 1)
        ensure_groups()
        self.stdout.write(self.style.SUCCESS("Desk ready."))
