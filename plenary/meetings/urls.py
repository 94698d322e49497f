from django.urls import path

from . import views

app_name = "meetings"

SESSION = "meetings/<int:number>/sessions/<int:session>/"

urlpatterns = [
    path("meetings/", views.meeting_index, name="list"),
    path("meetings/new/", views.meeting_new, name="new"),
    path("meetings/calendar.ics", views.calendar, name="calendar"),
    path("meetings/<int:number>/", views.meeting_detail, name="detail"),
    path("meetings/<int:number>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:number>/sessions/new/", views.session_new, name="session_new"),
    path("meetings/<int:number>/papers/new/", views.paper_new, name="paper_new"),
    path(SESSION, views.session_detail, name="session"),
    path(f"{SESSION}edit/", views.session_edit, name="session_edit"),
    path(f"{SESSION}registration/", views.registration_set, name="registration_set"),
    path(f"{SESSION}agenda/", views.agenda_manage, name="agenda"),
    path(f"{SESSION}agenda/order/", views.agenda_order, name="agenda_order"),
    path(f"{SESSION}agenda/<int:item>/", views.agenda_item_edit, name="agenda_item"),
    path(f"{SESSION}agenda/<int:item>/move/", views.agenda_item_move, name="agenda_item_move"),
    path(f"{SESSION}agenda/<int:item>/remove/", views.agenda_item_remove, name="agenda_item_remove"),
    path("documents/", views.document_index, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/edit/", views.paper_edit, name="paper_edit"),
    path("documents/<int:pk>/release/", views.document_release, name="document_release"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
