"""Calls for contributions, the contributions the public sends, their attachments, and the search index.

The submitter's profile is an abstract model (`SubmitterProfile`) so that other apps that take input from the
public (paragraph comments on drafts) keep the same fields, the same consent rules and the same statistics.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plenary.core.models import TimeStampedModel
from plenary.core.regions import region_of
from plenary.groups.models import StakeholderGroup, WorkingGroup
from plenary.issues.models import Issue

DEFAULT_MAX_UPLOAD_MB = 20


class ContributionKind(models.TextChoices):
    PAPER = "paper", _("Paper")
    COMMENT = "comment", _("Comment")
    CONTRIBUTION = "contribution", _("Contribution")


def default_kinds() -> list[str]:
    return [ContributionKind.PAPER, ContributionKind.COMMENT, ContributionKind.CONTRIBUTION]


class CallState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Call(TimeStampedModel):
    """A call for contributions: the public may submit between `opens_at` and `closes_at` (both in UTC)."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="calls")
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    scope = models.ManyToManyField(Issue, verbose_name=_("scope (issues)"), blank=True, related_name="calls")
    kinds = models.JSONField(
        _("kinds accepted"), default=default_kinds, help_text=_("Any of: paper, comment, contribution.")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    original_closes_at = models.DateTimeField(
        _("first announced closing"), null=True, blank=True, editable=False, help_text=_("Set when extended.")
    )
    max_upload_mb = models.PositiveIntegerField(_("size limit per file (MB)"), default=DEFAULT_MAX_UPLOAD_MB)
    max_attachments = models.PositiveIntegerField(_("files per contribution"), default=5)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="unique_call_slug"),
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_dates_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:call", kwargs={"group_slug": self.group.slug, "slug": self.slug})

    def state_at(self, when) -> str:
        if when < self.opens_at:
            return CallState.UPCOMING
        if when < self.closes_at:
            return CallState.OPEN
        return CallState.CLOSED

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.state == CallState.OPEN

    def get_state_display(self) -> str:
        return str(CallState(self.state).label)

    def kind_choices(self) -> list[tuple[str, str]]:
        return [(value, label) for value, label in ContributionKind.choices if value in (self.kinds or [])]

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    OPEN = "open", _("Free text")


class Question(models.Model):
    """A question of a call's questionnaire, as the EU's consultations ask them: closed (one or several choices,
    each of which may carry a stance) or open (free text). Answers are kept on the contribution by `key`."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=64, help_text=_("Stays the same when the wording changes."))
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    label = models.TextField(_("question"))
    help_text = models.TextField(_("help"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For closed questions: [{"id": "yes", "label": "Yes", "stance": "support"}, ...].'),
    )

    class Meta:
        ordering = ["call", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questionnaire")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="unique_question_key")]

    def __str__(self) -> str:
        return self.label[:80]

    @property
    def is_closed(self) -> bool:
        return self.kind != QuestionKind.OPEN

    def choice_label(self, value: str) -> str:
        return next((c.get("label", value) for c in self.choices if c.get("id") == value), value)

    def clean(self) -> None:
        """The same reading of a question as the analysis engine's, so what is saved can be analysed."""
        from django.core.exceptions import ValidationError

        from insight.questionnaire import QuestionError, questions_from_dicts

        try:
            questions_from_dicts([{"id": self.key, "kind": self.kind, "label": self.label, "choices": self.choices}])
        except QuestionError as error:
            raise ValidationError({"choices": str(error)}) from error


class OnBehalfOf(models.TextChoices):
    SELF = "self", _("Myself")
    ORGANISATION = "organisation", _("An organisation")


class SubmitterProfile(models.Model):
    """Who sent a piece of public input, and what they agreed to make public.

    The e-mail is never public. The name is public only with consent (`publish_name`). An organisation's name
    is public when the input is sent on its behalf (as on the EU "Have your say" portal); a private person's
    organisation is public only with consent. Country, region and stakeholder group are public: they feed the
    statistics of who took part.
    """

    submitter_name = models.CharField(_("name"), max_length=200)
    submitter_email = models.EmailField(_("e-mail (never published)"))
    submitter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    on_behalf_of = models.CharField(
        _("on behalf of"), max_length=16, choices=OnBehalfOf.choices, default=OnBehalfOf.SELF
    )
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    region = models.CharField(_("region (UN M49, derived)"), max_length=32, blank=True, editable=False)
    publish_name = models.BooleanField(_("publish my name"), default=False)
    # The language the sender wrote in (the page's, on the form): every later e-mail about this input speaks it,
    # whoever acts on it and in whatever language they work.
    mail_language = models.CharField(_("language of the e-mails"), max_length=10, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.country = (self.country or "").upper()
        self.region = region_of(self.country)
        if self._state.adding and not self.mail_language:
            self.mail_language = get_language() or ""
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        return self.submitter_name if self.publish_name else ""

    @property
    def public_organisation(self) -> str:
        if self.on_behalf_of == OnBehalfOf.ORGANISATION or self.publish_name:
            return self.organisation
        return ""

    @property
    def public_author(self) -> str:
        """The byline as the submitter consented to it."""
        name, organisation = self.public_name, self.public_organisation
        if name and organisation:
            return f"{name} ({organisation})"
        return name or organisation or str(_("Anonymous"))


class ContributionStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    FORM = "form", _("Web form")
    API = "api", _("API")
    BACK_OFFICE = "back-office", _("Back office")
    IMPORT = "import", _("Imported from another consultation")
    SAMPLE = "sample", _("Sample data")


class Contribution(SubmitterProfile, TimeStampedModel):
    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="contributions"
    )
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="contributions")
    reference = models.CharField(_("reference number"), max_length=64, unique=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence in the year"))
    kind = models.CharField(_("kind"), max_length=16, choices=ContributionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language (detected)"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ContributionStatus.choices, default=ContributionStatus.RECEIVED
    )
    status_reason = models.TextField(_("reason given to the submitter"), blank=True)
    issues = models.ManyToManyField(Issue, verbose_name=_("issue tags"), blank=True, related_name="contributions")
    suggested_tags = models.JSONField(
        _("suggested issue tags"),
        default=list,
        blank=True,
        help_text=_('Suggested by the analysis: [{"issue": slug, "score": 0..1}].'),
    )
    answers = models.JSONField(
        _("answers to the questionnaire"),
        default=dict,
        blank=True,
        help_text=_("{question key: the choice, the choices or the text}."),
    )
    suggestions_pending = models.BooleanField(
        _("waiting for suggested tags"), default=False, db_index=True, editable=False
    )
    campaign = models.CharField(_("campaign group"), max_length=64, blank=True, db_index=True)
    channel = models.CharField(_("received by"), max_length=16, choices=Channel.choices, default=Channel.FORM)
    external_reference = models.CharField(
        _("reference where it was first received"),
        max_length=200,
        blank=True,
        help_text=_("For input imported from a consultation run elsewhere: its id there (an import is idempotent)."),
    )
    private_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not a real submission.")
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(fields=["group", "year", "sequence"], name="unique_contribution_sequence"),
            models.UniqueConstraint(
                fields=["call", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="unique_external_reference",
            ),
        ]
        indexes = [
            # Keyset pages of the public list, one per sort order (newest/oldest, title, reference).
            models.Index(fields=["group", "status", "published_at", "id"], name="contribution_public_idx"),
            models.Index(fields=["group", "status", "title", "id"], name="contribution_title_idx"),
            models.Index(fields=["group", "status", "year", "sequence", "id"], name="contribution_reference_idx"),
            # A list narrowed by region and kind (the bounded count reads it alone, the newest page in its order):
            # through the group's index both had to read every published row until 10,000 matched.
            models.Index(
                fields=["group", "status", "region", "kind", "published_at", "id"], name="contribution_region_kind_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        """The permanent public page: built from the reference's year and sequence, so it never changes."""
        return reverse(
            "consultations:contribution",
            kwargs={"group_slug": self.group.slug, "year": self.year, "sequence": self.sequence},
        )

    @staticmethod
    def url_maker(group_slug: str):
        """A function (year, sequence) -> the page's address, from one `reverse()`: a bulk write of thousands of
        search entries need not resolve the URL conf per row. Checked against `reverse()` for one other pair, so a
        pattern whose numbers cannot be swapped in falls back to `reverse()` each time."""

        def each(year: int, sequence: int) -> str:
            return reverse(
                "consultations:contribution", kwargs={"group_slug": group_slug, "year": year, "sequence": sequence}
            )

        sample = each(1234567, 7654321)
        head, found, rest = sample.rpartition("/1234567/")
        middle, found2, tail = rest.rpartition("7654321")
        if not found or not found2 or "{" in sample or "}" in sample:
            return each
        template = head + "/{}/" + middle + "{}" + tail
        return each if template.format(2005, 42) != each(2005, 42) else template.format


class ReferenceSeries(models.TextChoices):
    """The kinds of public input that get a reference number of their own, e.g. WGIG/C/2005/0042."""

    CONTRIBUTION = "C", _("Contributions")
    DRAFT_COMMENT = "DC", _("Comments on drafts")


class ReferenceCounter(models.Model):
    """The last sequence number given out per group, series and year; its row lock serialises concurrent input."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=8, choices=ReferenceSeries.choices, default=ReferenceSeries.CONTRIBUTION)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "series", "year"], name="unique_reference_counter_series")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.series}/{self.year}: {self.last}"


class Tally(models.Model):
    """How many published contributions of a group (or of one of its calls) share one facet value (see tallies.py)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=32)
    value = models.CharField(max_length=200, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "call", "facet", "value"], name="unique_tally"),
            models.UniqueConstraint(
                fields=["group", "facet", "value"], condition=models.Q(call=None), name="unique_group_tally"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.call_id}/{self.facet}={self.value}: {self.count}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSONL = "jsonl", "JSON Lines"


def record_export_upload_to(instance: "RecordExport", filename: str) -> str:
    return f"exports/{instance.group.slug}/{timezone.now():%Y%m%d-%H%M%S}-{filename}"


class RecordExport(models.Model):
    """The whole public record of a group as one file per format, made by a task (nightly and on demand) with its
    SHA-256, so that bulk users download a file instead of paging through the web tier."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+")
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    file = models.FileField(_("file"), upload_to=record_export_upload_to, max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("contributions"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        ordering = ["-made_at"]
        verbose_name = _("bulk download")
        verbose_name_plural = _("bulk downloads")
        constraints = [models.UniqueConstraint(fields=["group", "format"], name="unique_record_export")]

    def __str__(self) -> str:
        return f"{self.group} {self.format} ({self.made_at:%Y-%m-%d})"


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    DONE = "done", _("Text extracted")
    EMPTY = "empty", _("No text found (a scan?)")
    ENCRYPTED = "encrypted", _("Encrypted: no text could be read")
    MALFORMED = "malformed", _("Damaged or malformed file")
    TOO_LARGE = "too-large", _("Too large to extract (limits on pages or decompressed size)")
    TIMEOUT = "timeout", _("Extraction took too long")
    HOSTILE = "hostile", _("Refused: the file looks hostile (e.g. a zip or entity bomb)")
    FAILED = "failed", _("Extraction failed")


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    # The stored name is random: the visitor's file name is kept in `original_name` and never used as a path.
    return f"contributions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(TimeStampedModel):
    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name as sent"), max_length=255)
    content_type = models.CharField(_("type (sniffed from the content)"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("extracted text"), blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    extraction_status = models.CharField(
        _("extraction"), max_length=16, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_detail = models.CharField(_("extraction detail"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)
    extraction_seconds = models.FloatField(_("extraction time (s)"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_download_url(self) -> str:
        c = self.contribution
        return reverse(
            "consultations:attachment",
            kwargs={"group_slug": c.group.slug, "year": c.year, "sequence": c.sequence, "pk": self.pk},
        )


class SearchEntry(models.Model):
    """One searchable record of any registered source (contribution, document, news item, draft...).

    The text is not kept here: the full-text index holds it, normalised (Chinese split into bigrams), as a FTS5
    table on SQLite and a `vector` tsvector column with a GIN index on PostgreSQL (each made by a migration for
    its database only, so neither is a model field), and snippets are cut from the source object for the page
    that shows them. Who may see a hit is asked of the source's rule, through `object_pk`.
    """

    source = models.CharField(max_length=32)
    object_pk = models.BigIntegerField()
    group = models.ForeignKey(WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=400)
    url = models.CharField(max_length=400)
    language = models.CharField(max_length=10, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    facets = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_pk"], name="unique_search_entry_pk")]
        verbose_name = _("search entry")
        verbose_name_plural = _("search index")

    def __str__(self) -> str:
        return f"{self.source}:{self.object_pk}"
