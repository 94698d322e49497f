"""Recommendation documents, their immutable versions and the paragraphs that keep a stable key across versions."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plenary.assessment.models import Finding
from plenary.consultations.models import Contribution, ContributionStatus, SubmitterProfile
from plenary.core.models import TimeStampedModel
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue


class ImmutableError(Exception):
    """Raised when code tries to change a saved version or one of its paragraphs."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("Draft versions are immutable: save a new version instead.")

    def delete(self):
        raise ImmutableError("Draft versions are immutable: save a new version instead.")


class ImmutableModel(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("Draft versions are immutable: save a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Draft versions are immutable: save a new version instead.")


class DraftStatus(models.TextChoices):
    INTERNAL = "internal", _("Internal (members only)")
    CONSULTATION = "consultation", _("Public consultation")
    REVISED = "revised", _("Revised")
    FINAL = "final", _("Final")


# Who may move a draft where: the chair or the secretariat, one step at a time. A revised draft may go out for a
# further round of consultation before it is final.
TRANSITIONS: dict[str, list[str]] = {
    DraftStatus.INTERNAL: [DraftStatus.CONSULTATION],
    DraftStatus.CONSULTATION: [DraftStatus.REVISED],
    DraftStatus.REVISED: [DraftStatus.CONSULTATION, DraftStatus.FINAL],
    DraftStatus.FINAL: [],
}


class Draft(TimeStampedModel):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="drafts")
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.INTERNAL)
    consultation_opens_at = models.DateTimeField(_("consultation opens"), null=True, blank=True)
    consultation_closes_at = models.DateTimeField(_("consultation closes"), null=True, blank=True)
    first_public_version = models.PositiveIntegerField(
        _("first public version"),
        null=True,
        blank=True,
        help_text=_("Versions from this number on are public; earlier ones stay with the members."),
    )
    issues = models.ManyToManyField(Issue, verbose_name=_("issues answered"), blank=True, related_name="drafts")
    findings = models.ManyToManyField(Finding, verbose_name=_("findings answered"), blank=True, related_name="drafts")
    contributions = models.ManyToManyField(
        Contribution, verbose_name=_("public input cited"), blank=True, related_name="drafts"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Sample text written to show the software, not the record.")
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [models.UniqueConstraint(fields=["group", "slug"], name="unique_draft_slug")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("drafting:detail", kwargs={"group_slug": self.group.slug, "slug": self.slug})

    def consultation_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == DraftStatus.CONSULTATION
            and self.consultation_opens_at is not None
            and self.consultation_closes_at is not None
            and self.consultation_opens_at <= now < self.consultation_closes_at
        )


class DraftVersion(ImmutableModel):
    """One saved state of a draft. Never changed after it is saved: a change is a new version."""

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_at_save = models.CharField(_("status when saved"), max_length=16, choices=DraftStatus.choices)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="unique_draft_version")]

    def __str__(self) -> str:
        return f"{self.draft} (v{self.number})"

    def get_absolute_url(self) -> str:
        return reverse(
            "drafting:version",
            kwargs={"group_slug": self.draft.group.slug, "slug": self.draft.slug, "number": self.number},
        )

    @property
    def group(self) -> WorkingGroup:
        return self.draft.group


class ParagraphKind(models.TextChoices):
    HEADING = "heading", _("Section heading")
    PARAGRAPH = "paragraph", _("Paragraph")


def new_paragraph_key() -> str:
    return secrets.token_hex(4)


class Paragraph(ImmutableModel):
    """A section heading or a numbered paragraph of one version. `key` stays the same across versions."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    key = models.CharField(_("stable key"), max_length=16)
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=ParagraphKind.choices, default=ParagraphKind.PARAGRAPH)
    number = models.CharField(_("number"), max_length=16, help_text=_("Section or paragraph number, as printed."))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_paragraph_key"),
            models.UniqueConstraint(fields=["version", "order"], name="unique_paragraph_order"),
        ]

    def __str__(self) -> str:
        return f"{self.version} ¶{self.number}"

    @property
    def is_heading(self) -> bool:
        return self.kind == ParagraphKind.HEADING


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not-accepted", _("Not accepted")
    NOTED = "noted", _("Noted")
    OUT_OF_SCOPE = "out-of-scope", _("Out of scope")


class ParagraphComment(SubmitterProfile, TimeStampedModel):
    """A comment from the public on one paragraph, anchored to (version, stable paragraph key).

    Because the key survives new versions, the comment is shown beside its paragraph in every later version too.
    """

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version commented on"), on_delete=models.PROTECT, related_name="comments"
    )
    paragraph_key = models.CharField(_("paragraph key"), max_length=16, db_index=True)
    paragraph_number = models.CharField(_("paragraph number when commented"), max_length=16)
    reference = models.CharField(_("reference number"), max_length=64, unique=True)
    text = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=16, choices=ContributionStatus.choices, default=ContributionStatus.RECEIVED
    )
    status_reason = models.TextField(_("reason given to the submitter"), blank=True)
    private_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition.choices, blank=True)
    disposition_reason = models.TextField(_("reason"), blank=True)
    resulting_version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("changed in version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The version whose text changed because of this comment, if any."),
    )
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not a real comment.")
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")

    def __str__(self) -> str:
        return f"{self.reference} on ¶{self.paragraph_number} of {self.draft}"

    def get_absolute_url(self) -> str:
        """Its row in the draft's comment-response table (which shows only what the viewer may see)."""
        url = reverse("drafting:comments", kwargs={"group_slug": self.draft.group.slug, "slug": self.draft.slug})
        return f"{url}#comment-{self.pk}"

    @property
    def group(self) -> WorkingGroup:
        return self.draft.group


class ParagraphTranslation(TimeStampedModel):
    """A paragraph of a draft in one more language, tied to the paragraph row (of one version) it translates.

    Paragraphs never change: a new version brings new rows with the same key. A translation whose source row has
    the text of the paragraph with that key in the latest version is current; otherwise it is out of date, until
    the secretariat updates it (`paragraph_translation_save`). Saving a version that leaves a paragraph's text
    as it was moves its current translations on to the new row, so they stay current. Who may read it: whoever
    may read the version of its source row (core.visibility), so a translation made from an internal version
    stays with the members.
    """

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="translations")
    paragraph_key = models.CharField(_("paragraph key"), max_length=16)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    source = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph translated"), on_delete=models.CASCADE, related_name="translations"
    )
    translated_at = models.DateTimeField(_("translated at"), default=timezone.now)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["draft", "paragraph_key", "language"]
        verbose_name = _("paragraph translation")
        verbose_name_plural = _("paragraph translations")
        constraints = [
            models.UniqueConstraint(fields=["draft", "paragraph_key", "language"], name="unique_paragraph_translation")
        ]

    def __str__(self) -> str:
        return f"{self.draft} ¶{self.source.number} [{self.language}]"

    def get_absolute_url(self) -> str:
        return f"{self.draft.get_absolute_url()}#p-{self.paragraph_key}"

    @property
    def group(self) -> WorkingGroup:
        return self.draft.group
