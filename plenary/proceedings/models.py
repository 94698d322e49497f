"""What happens in a session: minutes and their public readout, the decisions register, registration for open
consultations, the speakers' list, and attendance.

Minutes of a closed session are drafted by the secretariat, approved by the chair and stay with the members. The
public learns what the chair releases: a readout derived from the approved minutes through a redaction step, which
keeps the minutes as they were and which of their paragraphs went out. Decisions are numbered per group and link
to the draft paragraphs (by version and stable key) or assessment cells (issue x principle) they changed.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plenary.assessment.models import IssueAssessment
from plenary.consultations.models import SubmitterProfile
from plenary.core.models import TimeStampedModel
from plenary.core.regions import region_of
from plenary.drafting.models import Draft, DraftVersion
from plenary.groups.models import Membership, StakeholderGroup, WorkingGroup
from plenary.issues.models import Principle
from plenary.meetings.models import Session


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a text written with blank lines between them."""
    return [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


def _session_url(name: str, session: Session) -> str:
    meeting = session.meeting
    return reverse(name, kwargs={"group_slug": meeting.group.slug, "number": meeting.number, "session": session.pk})


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (members may read it; not yet approved)")
    APPROVED = "approved", _("Approved by the chair")


class Minutes(TimeStampedModel):
    """The record of a closed session. Members only, always; it cannot change once approved."""

    session = models.OneToOneField(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("text"), help_text=_("Paragraphs separated by a blank line; the readout keeps some."))
    status = models.CharField(_("status"), max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not the record.")
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.session.meeting}: {self.session.title} ({self.session.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return _session_url("proceedings:minutes", self.session)

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.text)


class ReadoutStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (members only, awaiting the chair)")
    APPROVED = "approved", _("Approved by the chair and public")


class Readout(TimeStampedModel):
    """What the public learns of a closed session: paragraphs of the approved minutes, some reworded, chosen by the
    secretariat and approved by the chair. The minutes as they were and the choice made are kept beside it."""

    session = models.OneToOneField(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="readout")
    minutes = models.ForeignKey(Minutes, verbose_name=_("minutes"), on_delete=models.PROTECT, related_name="readouts")
    text = models.TextField(_("text released"))
    minutes_text = models.TextField(_("the minutes when the readout was derived"), editable=False)
    released_paragraphs = models.JSONField(
        _("paragraphs of the minutes released"),
        default=list,
        editable=False,
        help_text=_('[{"paragraph": n, "reworded": true|false}], in the order of the readout.'),
    )
    status = models.CharField(_("status"), max_length=16, choices=ReadoutStatus.choices, default=ReadoutStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not the record.")
    )

    class Meta:
        verbose_name = _("readout")
        verbose_name_plural = _("readouts")

    def __str__(self) -> str:
        return f"{self.session.meeting}: {self.session.title} ({self.session.date:%Y-%m-%d}), readout"

    def get_absolute_url(self) -> str:
        return _session_url("proceedings:readout", self.session)

    @property
    def is_approved(self) -> bool:
        return self.status == ReadoutStatus.APPROVED

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.text)


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    AMENDED = "amended", _("Adopted as amended")
    REJECTED = "rejected", _("Not adopted")
    DEFERRED = "deferred", _("Deferred")


class Decision(TimeStampedModel):
    """One entry of the decisions register: what was decided, in which session, on whose proposal, with what
    outcome. Members read every entry; the public those the chair disclosed."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="decisions")
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("decision"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    proposed_by = models.CharField(
        _("proposed by"), max_length=200, help_text=_("As the minutes record it: the chair, a member, the secretariat.")
    )
    proposer = models.ForeignKey(
        Membership, verbose_name=_("proposing member"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.ADOPTED)
    disclosed = models.BooleanField(_("disclosed to the public"), default=False)
    disclosed_at = models.DateTimeField(_("disclosed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not the record.")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions register")
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="unique_decision_number")]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}"

    @property
    def label(self) -> str:
        return f"D-{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("proceedings:decision", kwargs={"group_slug": self.group.slug, "number": self.number})


class LinkKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("A paragraph of a draft")
    CELL = "cell", _("An assessment cell (issue x principle)")


class DecisionLink(models.Model):
    """What a decision changed: a draft paragraph (stable key, and the version that carries the change) or the
    rating of one issue against one principle."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("what it changed"), max_length=16, choices=LinkKind.choices)
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version that carries the change"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    paragraph_key = models.CharField(_("paragraph key"), max_length=16, blank=True, db_index=True)
    assessment = models.ForeignKey(
        IssueAssessment, verbose_name=_("assessment"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    principle = models.ForeignKey(
        Principle, verbose_name=_("principle"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("decision link")
        verbose_name_plural = _("decision links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="paragraph", draft__isnull=False, version__isnull=False, assessment__isnull=True)
                    & ~models.Q(paragraph_key="")
                )
                | models.Q(kind="cell", assessment__isnull=False, principle__isnull=False, draft__isnull=True),
                name="decision_link_target",
            )
        ]

    def __str__(self) -> str:
        if self.kind == LinkKind.PARAGRAPH:
            return f"{self.decision.label} → {self.draft} ¶{self.paragraph_key}"
        return f"{self.decision.label} → {self.assessment} / {self.principle}"

    @property
    def group(self) -> WorkingGroup:
        return self.decision.group


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    REMOTE = "remote", _("Remotely")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(SubmitterProfile, TimeStampedModel):
    """Someone who will attend an open consultation, with the same profile as a contribution's submitter.

    Only the secretariat reads it (the e-mail and needs are private); the public and the chair see the speakers'
    list, which shows a registrant's name only with their consent.
    """

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    mode = models.CharField(
        _("attends"), max_length=16, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    wishes_to_speak = models.BooleanField(_("asks for the floor"), default=False)
    needs = models.TextField(_("access needs (never published)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not a real registration.")
    )

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "submitter_email"],
                condition=models.Q(status="registered"),
                name="unique_registration_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_author} · {self.session}"


class SpeakerState(models.TextChoices):
    REQUESTED = "requested", _("Asked for the floor")
    WAITING = "waiting", _("On the list")
    SPOKE = "spoke", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SpeakerEntry(TimeStampedModel):
    """One speaker on the list of an open session, kept by the chair. The name is as the speaker agreed to be
    called (a registrant without consent is listed by organisation or as anonymous); the stakeholder group and
    the region feed the balance the page shows."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="speakers")
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="speaker_entries",
    )  # fmt: skip
    name = models.CharField(_("called as"), max_length=300)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    region = models.CharField(_("region (UN M49, derived)"), max_length=32, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=16, choices=SpeakerState.choices, default=SpeakerState.WAITING)
    position = models.PositiveIntegerField(_("place on the list"), default=0)
    spoke_at = models.DateTimeField(_("spoke at"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not a real speaker.")
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("speakers' list entry")
        verbose_name_plural = _("speakers' list")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def save(self, *args, **kwargs):
        self.country = (self.country or "").upper()
        self.region = region_of(self.country)
        super().save(*args, **kwargs)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    REMOTE = "remote", _("Took part remotely")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(TimeStampedModel):
    """Whether a member attended a session, as the secretariat recorded it. Members only."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["session", "membership__order", "membership__person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "membership"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.membership.person} · {self.session}: {self.get_status_display()}"
