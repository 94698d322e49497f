"""The assessment of existing arrangements: per issue, against the principles and the roles of each actor."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.consultations.models import Contribution
from plenary.core.models import TimeStampedModel
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue, Principle
from plenary.meetings.models import Document, Meeting


class Rating(models.TextChoices):
    ADEQUATE = "adequate", _("Adequate")
    PARTLY = "partly", _("Partly adequate")
    INADEQUATE = "inadequate", _("Inadequate")
    NOT_ADDRESSED = "not-addressed", _("Not addressed")


# The heat map reads high as "more work needed": not addressed is the darkest cell.
RATING_SCORES = {Rating.ADEQUATE: 1, Rating.PARTLY: 2, Rating.INADEQUATE: 3, Rating.NOT_ADDRESSED: 4}


class Actor(models.TextChoices):
    GOVERNMENTS = "governments", _("Governments")
    PRIVATE_SECTOR = "private-sector", _("Private sector")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    INTERNATIONAL_ORGANISATIONS = "international-organisations", _("International organisations")
    TECHNICAL_ACADEMIC = "technical-academic", _("Technical and academic community")


class AssessmentStatus(models.TextChoices):
    WORKING = "working", _("Working (members and secretariat only)")
    RELEASED = "released", _("Released to the public")


class IssueAssessment(TimeStampedModel):
    """Everything the group says about one issue. The public sees it only once the secretariat releases it."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="assessments"
    )
    issue = models.OneToOneField(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="assessment")
    arrangements = models.TextField(
        _("existing arrangements"), blank=True, help_text=_("Which organisations do what today.")
    )
    instruments = models.TextField(
        _("instruments"), blank=True, help_text=_("Treaties, agreements, standards and other instruments in force.")
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.WORKING
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Sample text written to show the software, not the record.")
    )

    class Meta:
        ordering = ["issue__cluster__number", "issue__order"]
        verbose_name = _("issue assessment")
        verbose_name_plural = _("issue assessments")

    def __str__(self) -> str:
        return str(self.issue)

    @property
    def is_released(self) -> bool:
        return self.status == AssessmentStatus.RELEASED

    def get_absolute_url(self) -> str:
        return reverse("assessment:issue", kwargs={"group_slug": self.group.slug, "slug": self.issue.slug})


class AdequacyRating(TimeStampedModel):
    assessment = models.ForeignKey(
        IssueAssessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="ratings"
    )
    principle = models.ForeignKey(Principle, verbose_name=_("principle"), on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    minority_views = models.TextField(_("minority views"), blank=True)

    class Meta:
        ordering = ["principle__order"]
        verbose_name = _("adequacy rating")
        verbose_name_plural = _("adequacy ratings")
        constraints = [models.UniqueConstraint(fields=["assessment", "principle"], name="unique_rating")]

    def __str__(self) -> str:
        return f"{self.assessment} / {self.principle}: {self.get_rating_display()}"

    @property
    def group(self) -> WorkingGroup:
        return self.assessment.group

    @property
    def score(self) -> int:
        return RATING_SCORES[Rating(self.rating)]


class RoleStatement(TimeStampedModel):
    assessment = models.ForeignKey(
        IssueAssessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="roles"
    )
    actor = models.CharField(_("actor"), max_length=32, choices=Actor.choices)
    statement = models.TextField(_("role and responsibility"))

    class Meta:
        ordering = ["assessment", "actor"]
        verbose_name = _("role statement")
        verbose_name_plural = _("role statements")
        constraints = [models.UniqueConstraint(fields=["assessment", "actor"], name="unique_role_statement")]

    def __str__(self) -> str:
        return f"{self.assessment} / {self.get_actor_display()}"

    @property
    def group(self) -> WorkingGroup:
        return self.assessment.group


class Finding(TimeStampedModel):
    """An area where improvements are needed, with the evidence behind it."""

    assessment = models.ForeignKey(
        IssueAssessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="findings"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    contributions = models.ManyToManyField(
        Contribution, verbose_name=_("contributions"), blank=True, related_name="findings"
    )
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True, related_name="findings")
    meetings = models.ManyToManyField(Meeting, verbose_name=_("meeting records"), blank=True, related_name="findings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment__issue__cluster__number", "assessment__issue__order", "number"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="unique_finding_number")]

    def __str__(self) -> str:
        return f"{self.assessment.issue.slug.upper()}-F{self.number}: {self.title}"

    @property
    def group(self) -> WorkingGroup:
        return self.assessment.group

    @property
    def label(self) -> str:
        return f"{self.assessment.issue.slug.upper()}-F{self.number}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url() + f"#finding-{self.number}"
