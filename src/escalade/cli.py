"""The ``escalade`` console command: Django's management commands, with names
for the desk's own tasks (serve, demo, worker, import, report, triage)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalade.settings")
    args = list(sys.argv[1:] if argv is None else argv)

    from django.core.exceptions import ImproperlyConfigured

    from escalade.desk.translations import compile_translations

    # Before Django loads any catalogue, so the first page is already French.
    compile_translations()

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        # A bad environment value: say which, without a stack trace.
        sys.stderr.write(f"escalade: configuration error: {error}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(["escalade", *args])


if __name__ == "__main__":
    main()
