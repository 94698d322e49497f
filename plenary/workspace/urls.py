from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("workspace/", views.home, name="home"),
    path("workspace/members/<int:person>/", views.member, name="member"),
    path("workspace/tasks/", views.tasks, name="tasks"),
    path("workspace/tasks/new/", views.task_new, name="task_new"),
    path("workspace/tasks/<int:pk>/", views.task_detail, name="task"),
    path("workspace/tasks/<int:pk>/move/", views.task_move, name="task_move"),
    path("workspace/assignments/", views.assignments, name="assignments"),
    path("workspace/assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("workspace/interest/", views.interest_edit, name="interest_edit"),
    path("members/interests/", views.interests, name="interests"),
]
