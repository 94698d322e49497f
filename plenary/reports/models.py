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
    AKN = "akn", _("Akoma Ntoso XML")


FORMAT_FILES = {
    ReportFormat.HTML: ("html", "text/html; charset=utf-8"),
    ReportFormat.PDF: ("pdf", "application/pdf"),
    ReportFormat.AKN: ("xml", "application/akn+xml"),
}


class ReportBuild(TimeStampedModel):
    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="report_builds"
    )
    number = models.PositiveIntegerField(_("build number"))
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
        return f"{self.build.group.slug}-report-{self.build.number}.{extension}"


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
