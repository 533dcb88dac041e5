from django_tasks import task

from escalade.notifications import services


@task()
def deliver_email(message_id: int) -> bool:
    return services.deliver(message_id)


@task()
def deliver_due_emails() -> int:
    return services.deliver_due()
