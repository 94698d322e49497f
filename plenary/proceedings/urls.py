from django.urls import path

from . import views

app_name = "proceedings"

SESSION = "meetings/<int:number>/sessions/<int:session>/"

urlpatterns = [
    path(f"{SESSION}minutes/", views.minutes_detail, name="minutes"),
    path(f"{SESSION}minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path(f"{SESSION}minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path(f"{SESSION}readout/", views.readout_detail, name="readout"),
    path(f"{SESSION}readout/redact/", views.readout_redact, name="readout_redact"),
    path(f"{SESSION}readout/approve/", views.readout_approve, name="readout_approve"),
    path(f"{SESSION}decisions/new/", views.decision_new, name="decision_new"),
    path(f"{SESSION}register/", views.register, name="register"),
    path(f"{SESSION}participants/", views.participants, name="participants"),
    path(f"{SESSION}participants.csv", views.participants_csv, name="participants_csv"),
    path(f"{SESSION}participants/<int:registration>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(f"{SESSION}speakers/", views.speakers, name="speakers"),
    path(f"{SESSION}speakers/add/", views.speaker_add, name="speaker_add"),
    path(f"{SESSION}speakers/<int:entry>/", views.speaker_update, name="speaker_update"),
    path(f"{SESSION}attendance/", views.attendance, name="attendance"),
    path("decisions/", views.decision_index, name="decisions"),
    path("decisions/feed/", views.DecisionFeed(), name="feed"),
    path("decisions.csv", views.decisions_csv, name="decisions_csv"),
    path("decisions/<int:number>/", views.decision_detail, name="decision"),
    path("decisions/<int:number>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:number>/disclose/", views.decision_disclose, name="decision_disclose"),
    path("decisions/<int:number>/links/", views.decision_links, name="decision_links"),
    path("decisions/<int:number>/links/<int:link>/remove/", views.decision_unlink, name="decision_unlink"),
]
