"""Who follows what, how often they hear of it, and what was sent to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plenary.groups.models import WorkingGroup


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens (at most every few minutes)")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")


class TargetKind(models.TextChoices):
    GROUP = "group", _("Working group")
    CALL = "call", _("Call for contributions")
    DRAFT = "draft", _("Draft recommendations")
    ISSUE = "issue", _("Issue")
    MEETING = "meeting", _("Meeting")


class Subscriber(models.Model):
    """An e-mail address that follows things: with an account, or confirmed by the link sent to it."""

    email = models.EmailField(_("e-mail"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    frequency = models.CharField(_("how often"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(_("language of the e-mails"), max_length=10, default="en")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_event_id = models.BigIntegerField(_("last event considered"), default=0)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class Follow(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what"), max_length=16, choices=TargetKind.choices)
    object_pk = models.BigIntegerField()
    label = models.CharField(_("followed"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "kind", "object_pk"], name="unique_follow")]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.subscriber} follows {self.kind} {self.label}"


class Digest(models.Model):
    """One e-mail sent to one subscriber: what it covered, so that a digest is never sent twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    from_event_id = models.BigIntegerField()
    to_event_id = models.BigIntegerField()
    items = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "from_event_id"], name="unique_digest_window"),
        ]

    def __str__(self) -> str:
        return f"digest to {self.subscriber_id}: events {self.from_event_id}-{self.to_event_id}"


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt")
    DECISION = "decision", _("moderation decision")
    DISPOSITION = "disposition", _("disposition")
    CITED = "cited", _("cited")


class Notice(models.Model):
    """One e-mail that told one person about one event (a receipt, a decision, a disposition, a citation).

    Its key names the event, so the same event never sends a second e-mail (a retry, a double click, the same
    citation saved twice). It keeps no address and no text: the person's data stays on their input alone.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    group = models.ForeignKey(WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.key
