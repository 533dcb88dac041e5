from django_tasks import task

from escalade.sla import services


@task()
def check_ticket(ticket_id: int) -> int:
    """The timer set for a warning or a due time: derive and send what is due."""
    return services.check_ticket(ticket_id)


@task()
def sweep() -> dict:
    """Everything the worker re-checks every minute (see escalade.sla.sweep)."""
    from escalade.sla.sweep import run_sweep

    return run_sweep()
