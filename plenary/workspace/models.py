"""The members' side of a group: tasks with an owner, a state and a due date; statements of interest, published
as the group decides; rapporteurs and drafting teams on issues and drafts."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plenary.core.models import TimeStampedModel
from plenary.drafting.models import Draft
from plenary.groups.models import Membership, WorkingGroup
from plenary.issues.models import Issue
from plenary.meetings.models import Session


class TaskState(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Which state a task may go to from each: a done or cancelled task may be reopened.
TASK_TRANSITIONS: dict[str, list[str]] = {
    TaskState.OPEN: [TaskState.IN_PROGRESS, TaskState.DONE, TaskState.CANCELLED],
    TaskState.IN_PROGRESS: [TaskState.OPEN, TaskState.DONE, TaskState.CANCELLED],
    TaskState.DONE: [TaskState.OPEN],
    TaskState.CANCELLED: [TaskState.OPEN],
}


class Task(TimeStampedModel):
    """Work someone in the group owes: members and the secretariat read every task of their group."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Membership, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    state = models.CharField(_("state"), max_length=16, choices=TaskState.choices, default=TaskState.OPEN)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not the record.")
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workspace:task", kwargs={"group_slug": self.group.slug, "pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.state in {TaskState.OPEN, TaskState.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.due_on is not None and self.due_on < timezone.localdate()


class StatementOfInterest(TimeStampedModel):
    """What a member declares about their interests; the group decides whether these are published."""

    membership = models.OneToOneField(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="statement_of_interest"
    )
    text = models.TextField(_("statement"))
    declared_on = models.DateField(_("declared on"), default=timezone.localdate)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not a real statement.")
    )

    class Meta:
        ordering = ["membership__order", "membership__person__name"]
        verbose_name = _("statement of interest")
        verbose_name_plural = _("statements of interest")

    def __str__(self) -> str:
        return str(self.membership.person)


class AssignmentRole(models.TextChoices):
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    DRAFTING_TEAM = "drafting-team", _("Drafting team")


class Assignment(TimeStampedModel):
    """A member given an issue or a draft to carry: as its rapporteur, or on its drafting team."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="assignments"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("as"), max_length=16, choices=AssignmentRole.choices)
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not the record.")
    )

    class Meta:
        ordering = ["role", "membership__person__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("rapporteurs and drafting teams")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issue__isnull=False, draft__isnull=True)
                | models.Q(issue__isnull=True, draft__isnull=False),
                name="assignment_one_target",
            ),
            models.UniqueConstraint(
                fields=["membership", "role", "issue"],
                condition=models.Q(issue__isnull=False),
                name="unique_issue_role",
            ),
            models.UniqueConstraint(
                fields=["membership", "role", "draft"],
                condition=models.Q(draft__isnull=False),
                name="unique_draft_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.person}: {self.get_role_display()}, {self.issue or self.draft}"

    @property
    def target(self):
        return self.issue or self.draft
