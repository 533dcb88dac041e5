from django_tasks import task

from escalade.tickets import services
from escalade.tickets.models import FollowUp


@task()
def send_follow_up(follow_up_id: int) -> bool:
    follow_up = FollowUp.objects.filter(pk=follow_up_id).first()
    if follow_up is None:
        return False
    return services.send_follow_up(follow_up)
