from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plenary.consultations.models import Call
from plenary.groups.models import WorkingGroup


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunTrigger(models.TextChoices):
    PUBLISHED = "published", _("A contribution was published")
    ON_DEMAND = "on-demand", _("Asked for by the secretariat")
    SAMPLE = "sample", _("Sample data")
    DECISION = "decision", _("A decision of the secretariat on campaigns or stock lines")


class SuggestionBatch(models.Model):
    """A queued task that will suggest tags for every contribution of a group waiting for them: at most one per
    group, so a burst of submissions makes one task (and one engine call per chunk), not one task each."""

    group = models.OneToOneField(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"suggestions for {self.group_id} (queued {self.queued_at:%H:%M:%S})"


class AnalysisRun(models.Model):
    """One pass of the analysis engine over a group's (or one call's) published contributions.

    Results are kept as the engine wrote them (campaigns, per-issue synthesis, statistics), so a dashboard reads
    one row; per-contribution results are written back onto the contributions (campaign, suggested tags).
    """

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(
        Call, verbose_name=_("call"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(_("trigger"), max_length=16, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    records = models.PositiveIntegerField(_("contributions analysed"), default=0)
    campaigns = models.JSONField(_("campaigns"), default=list, blank=True)
    issues = models.JSONField(_("per-issue synthesis"), default=list, blank=True)
    results = models.JSONField(_("per-contribution results"), default=list, blank=True)
    questions = models.JSONField(_("per-question results"), default=list, blank=True)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        indexes = [models.Index(fields=["group", "call", "status"], name="analysis_run_scope_idx")]

    def __str__(self) -> str:
        scope = self.call or self.group
        return f"{scope} · {self.get_status_display()} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def duration_s(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class DecisionKind(models.TextChoices):
    SPLIT = "split", _("Contributions split off a campaign")
    MERGE = "merge", _("Campaigns merged")
    DISSOLVE = "dissolve", _("Campaign dissolved")
    STOCK_ADD = "stock_add", _("Stock line added")
    STOCK_REMOVE = "stock_remove", _("Stock line taken back")


CAMPAIGN_KINDS = (DecisionKind.SPLIT, DecisionKind.MERGE, DecisionKind.DISSOLVE)
STOCK_KINDS = (DecisionKind.STOCK_ADD, DecisionKind.STOCK_REMOVE)


class AnalysisDecision(models.Model):
    """The secretariat's correction of what the engine found, kept per group and given to every later run.

    Campaign decisions name contributions by reference (campaign numbers change from run to run, references do
    not); stock-line decisions hold the line as written. A decision is withdrawn, never deleted, so the trail and
    the list read the same; every run follows the decisions in force when it starts (`analysis.adapter`).
    """

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    record_ids = models.JSONField(_("contributions named"), default=list, blank=True)
    line = models.TextField(_("stock line"), blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("analysis decision")
        verbose_name_plural = _("analysis decisions")
        indexes = [models.Index(fields=["group", "withdrawn_at"], name="analysis_decision_group_idx")]

    def __str__(self) -> str:
        what = self.line[:60] if self.kind in STOCK_KINDS else ", ".join(self.record_ids[:3])
        return f"{self.get_kind_display()}: {what}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
