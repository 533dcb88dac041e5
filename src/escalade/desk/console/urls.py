from django.urls import path

from escalade.desk.console import views

app_name = "console"
urlpatterns = [
    path("call/", views.take_call, name="call"),
    path("call/live/", views.live_panel, name="live"),
    path("call/escalation/", views.escalation_step, name="escalation_step"),
    path("call/resolve/", views.resolve, name="resolve"),
    path("call/escalate/", views.escalate, name="escalate"),
    path("customers/search/", views.customer_search_box, name="customer_search"),
    path("escalations/<str:reference>/", views.escalation_done, name="escalation"),
    path(
        "escalations/<str:reference>/briefing.txt",
        views.briefing_as_text,
        name="briefing_text",
    ),
    path(
        "escalations/<str:reference>/briefing/",
        views.briefing_printable,
        name="briefing_print",
    ),
    path(
        "escalations/<str:reference>/ticket.txt",
        views.ticket_as_text,
        name="ticket_text",
    ),
    path(
        "escalations/<str:reference>/ticket/",
        views.ticket_printable,
        name="ticket_print",
    ),
]
