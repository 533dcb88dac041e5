import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand

from escalade.desk.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo desk (the specification's cases); safe to run again."

    def handle(self, *args, **options):
        call_command("setup", verbosity=0)
        # The story makes dozens of transitions; their log lines would bury
        # the logins printed below.
        logging.getLogger("escalade").setLevel(logging.WARNING)
        agents = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo loaded. Logins (user / password):"))
        for agent in agents:
            self.stdout.write(
                f"  {agent.role:<11} {agent.username:<8} {agent.password}"
            )
