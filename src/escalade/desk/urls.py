from django.urls import include, path

from escalade.desk import expert_views, views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    # N2, N3 and supervisors: the queue, the reception, the workspace.
    path("queue/", expert_views.queue, name="queue"),
    path("escalations/<str:reference>/", expert_views.reception, name="reception"),
    path(
        "escalations/<str:reference>/<slug:action>/",
        expert_views.reception_action,
        name="reception_action",
    ),
    path("work/<str:reference>/", expert_views.workspace, name="workspace"),
    path(
        "work/<str:reference>/<slug:action>/",
        expert_views.workspace_action,
        name="workspace_action",
    ),
    path("console/", include("escalade.desk.console.urls")),
]
