"""Builds of the group's final report (HTML, PDF, Akoma Ntoso), each file with its SHA-256, and where they went."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.core.models import TimeStampedModel
from plenary.groups.models import WorkingGroup


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    AKN = "akn", _("Akoma Ntoso XML")


FORMAT_FILES = {
    ReportFormat.HTML: ("html", "text/html; charset=utf-8"),
    ReportFormat.PDF: ("pdf", "application/pdf"),
    ReportFormat.DOCX: ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ReportFormat.AKN: ("xml", "application/akn+xml"),
}


class ReportEdition(TimeStampedModel):
    """The front matter the group adopts: the document symbol, the date of adoption, the foreword and the executive
    summary. The report carries the latest adopted edition; until one is adopted it says it is not adopted (it
    never dates itself with the day it was built)."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="report_editions"
    )
    symbol = models.CharField(
        _("document symbol"), max_length=100, help_text=_("As printed on the report, e.g. WSIS-II/PC-3/DOC/5.")
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Leave empty for “Report of the <group's name>”.")
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("The day the group adopted the report. Until it is set, the edition is not public."),
    )
    adopted_at = models.CharField(_("adopted at (place)"), max_length=200, blank=True)
    foreword = models.TextField(_("foreword"), blank=True, help_text=_("Paragraphs separated by a blank line."))
    executive_summary = models.TextField(
        _("executive summary"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the symbol, the date and the text come from.")
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Sample text written to show the software, not the record.")
    )

    class Meta:
        ordering = ["group", "-adopted_on", "-created_at"]
        verbose_name = _("report edition")
        verbose_name_plural = _("report editions")
        constraints = [models.UniqueConstraint(fields=["group", "symbol"], name="unique_report_edition_symbol")]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.group.acronym})"

    @property
    def full_title(self) -> str:
        return self.title or f"Report of the {self.group.name}"

    @staticmethod
    def paragraphs(text: str) -> list[str]:
        """Paragraphs of a text field, as the secretariat typed them (blank lines between)."""
        return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def foreword_paragraphs(self) -> list[str]:
        return self.paragraphs(self.foreword)

    @property
    def summary_paragraphs(self) -> list[str]:
        return self.paragraphs(self.executive_summary)


class ReportBuild(TimeStampedModel):
    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="report_builds"
    )
    number = models.PositiveIntegerField(_("build number"))
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the report's fixed texts, dates and direction."),
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    timings = models.JSONField(_("seconds per output"), default=dict, blank=True)
    page_count = models.PositiveIntegerField(_("PDF pages"), null=True, blank=True)
    sources = models.JSONField(_("what it was built from"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    is_illustrative = models.BooleanField(_("contains illustrative text"), default=False)

    class Meta:
        ordering = ["group", "-number"]
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="unique_report_build")]

    def __str__(self) -> str:
        return f"{self.group} report, build {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("reports:build", kwargs={"group_slug": self.group.slug, "number": self.number})


def report_filename(build: ReportBuild, extension: str) -> str:
    """`wsis-report-3.pdf` for English (as before languages), `wsis-report-4-ar.pdf` for the others."""
    suffix = "" if build.language == "en" else f"-{build.language}"
    return f"{build.group.slug}-report-{build.number}{suffix}.{extension}"


def report_upload_to(instance: "ReportFile", filename: str) -> str:
    return f"reports/{instance.build.group.slug}/{instance.build.number}/{filename}"


class ReportFile(models.Model):
    build = models.ForeignKey(ReportBuild, verbose_name=_("build"), on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=report_upload_to)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["build", "format"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [models.UniqueConstraint(fields=["build", "format"], name="unique_report_file")]

    def __str__(self) -> str:
        return f"{self.build} ({self.get_format_display()})"

    @property
    def group(self) -> WorkingGroup:
        return self.build.group

    @property
    def filename(self) -> str:
        extension = FORMAT_FILES[ReportFormat(self.format)][0]
        return report_filename(self.build, extension)


class Submission(TimeStampedModel):
    """The record that a build went to whom it was due, and when."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="report_submissions"
    )
    build = models.ForeignKey(
        ReportBuild, verbose_name=_("build"), on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_to = models.CharField(_("submitted to"), max_length=300)
    submitted_on = models.DateField(_("submitted on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.build} → {self.submitted_to} ({self.submitted_on})"
