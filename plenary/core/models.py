"""The pieces every domain app builds on: timestamps, vocabularies, visibility and the append-only event trail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Vocabulary(models.Model):
    """A short list the secretariat edits (stakeholder groups, document kinds), kept as a table, not as code."""

    slug = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    SECRETARIAT = "secretariat", _("Secretariat only")


class EventVerb(models.TextChoices):
    """What can happen to a governed object: a closed list, so that the trail reads the same everywhere."""

    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")
    APPOINTED = "appointed", _("appointed")
    REGISTERED = "registered", _("registered")
    SUBMITTED = "submitted", _("submitted")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    MARKED_SPAM = "marked_spam", _("marked as spam")
    WITHDRAWN = "withdrawn", _("withdrawn")
    MODERATED = "moderated", _("moderated")
    TAGGED = "tagged", _("tagged")
    SUGGESTIONS_ACCEPTED = "suggestions_accepted", _("suggested tags accepted")
    SUGGESTIONS_OVERRIDDEN = "suggestions_overridden", _("suggested tags changed")
    EXTRACTED = "extracted", _("text extracted")
    EXTENDED = "extended", _("deadline extended")
    SCOPE_SET = "scope_set", _("scope set")
    AGENDA_SET = "agenda_set", _("agenda set")
    RELEASED = "released", _("released")
    REMOVED = "removed", _("removed")
    EVIDENCE_SET = "evidence_set", _("evidence set")
    ISSUES_SET = "issues_set", _("issues set")
    FINDINGS_SET = "findings_set", _("findings set")
    CITATIONS_SET = "citations_set", _("citations set")
    VERSION_SAVED = "version_saved", _("new version saved")
    MOVED = "moved", _("moved")
    DISPOSED = "disposed", _("disposition given")
    ANALYSIS_REQUESTED = "analysis_requested", _("analysis requested")
    BUILD_REQUESTED = "build_requested", _("build requested")
    BUILT = "built", _("built")
    BUILD_FAILED = "build_failed", _("build failed")
    REVOKED = "revoked", _("revoked")
    FOLLOWED = "followed", _("followed")
    CONFIRMED = "confirmed", _("confirmed")
    UNFOLLOWED = "unfollowed", _("no longer followed")
    DIGEST_SENT = "digest_sent", _("digest sent")
    NOTIFIED = "notified", _("told by e-mail")
    ERASED = "erased", _("personal data removed")
    # the group's workspace: meetings, proceedings, members' work
    REORDERED = "reordered", _("reordered")
    APPROVED = "approved", _("approved")
    REDACTED = "redacted", _("readout derived (redacted)")
    DISCLOSED = "disclosed", _("disclosed")
    LINKED = "linked", _("linked")
    UNLINKED = "unlinked", _("link removed")
    REGISTRATION_OPENED = "registration_opened", _("registration opened")
    REGISTRATION_CLOSED = "registration_closed", _("registration closed")
    CANCELLED = "cancelled", _("cancelled")
    SPEAKER_LISTED = "speaker_listed", _("put on the speakers' list")
    FLOOR_GIVEN = "floor_given", _("given the floor")
    ATTENDANCE_RECORDED = "attendance_recorded", _("attendance recorded")
    ASSIGNED = "assigned", _("assigned")
    UNASSIGNED = "unassigned", _("assignment ended")
    DECLARED = "declared", _("statement of interest declared")
    STATE_CHANGED = "state_changed", _("state changed")
    # the secretariat's decisions on the analysis (campaigns and stock lines), followed by the next run
    CAMPAIGN_SPLIT = "campaign_split", _("members split off a campaign")
    CAMPAIGNS_MERGED = "campaigns_merged", _("campaigns merged")
    CAMPAIGN_DISSOLVED = "campaign_dissolved", _("campaign dissolved")
    STOCK_LINE_ADDED = "stock_line_added", _("stock line added")
    STOCK_LINE_REMOVED = "stock_line_removed", _("stock line taken back")
    DECISION_WITHDRAWN = "decision_withdrawn", _("decision withdrawn")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an entry of the event trail."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The event trail is append-only.")

    def delete(self):
        raise AppendOnlyError("The event trail is append-only.")

    def for_object(self, obj: models.Model) -> "EventQuerySet":
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))


class Event(models.Model):
    """Who changed what, when, from what to what: the history of every governed object."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    verb = models.CharField(_("what happened"), max_length=64, db_index=True, choices=EventVerb.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64, db_index=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("object"), max_length=300)
    group_slug = models.SlugField(_("group"), max_length=64, blank=True, db_index=True)
    changes = models.JSONField(_("changes (from, to)"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("event trail")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The event trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The event trail is append-only.")
