import json
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from escalade.accounts.models import Team
from escalade.reports import exports
from escalade.reports.report import build_report
from escalade.reports.scope import Scope
from escalade.tickets.choices import Category


class Command(BaseCommand):
    help = "Print the escalation report (KPIs, monthly figures, SLA) of a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="YYYY-MM-DD")
        parser.add_argument("--team", help="team name or id")
        parser.add_argument("--agent", help="username")
        parser.add_argument("--category", choices=Category.values)
        parser.add_argument("--format", choices=["text", "json", "csv"], default="text")

    def handle(self, *args, **options):
        first = _day(options["first"], "--from")
        last = _day(options["last"], "--to")
        if last < first:
            raise CommandError("--to comes before --from.")
        scope = Scope.for_dates(
            first,
            last,
            team_id=_team_id(options["team"]),
            agent_id=_agent_id(options["agent"]),
            category=options["category"] or "",
        )

        report = build_report(scope)

        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2, default=str))
        elif options["format"] == "csv":
            self.stdout.write(exports.to_csv(report), ending="")
        else:
            self.stdout.write(exports.to_text(report), ending="")


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = f"{option} needs a date as YYYY-MM-DD, not {value!r}."
        raise CommandError(message) from None


def _team_id(value: str | None) -> int | None:
    if not value:
        return None
    teams = Team.objects.filter(name=value)
    if value.isdigit():
        teams = Team.objects.filter(pk=int(value)) | teams
    team = teams.first()
    if team is None:
        raise CommandError(f"No team {value!r}.")
    return team.pk


def _agent_id(value: str | None) -> int | None:
    if not value:
        return None
    user = get_user_model().objects.filter(username=value).first()
    if user is None:
        raise CommandError(f"No agent {value!r}.")
    return user.pk
