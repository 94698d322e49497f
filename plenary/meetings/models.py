import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plenary.core.models import TimeStampedModel, Visibility, Vocabulary
from plenary.groups.models import WorkingGroup


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(zone)s” is not a time zone of the IANA database."), params={"zone": value})


class Meeting(TimeStampedModel):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    venue = models.CharField(_("venue"), max_length=300)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The times of the sessions are the venue's local times, in this time zone."),
    )
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="unique_meeting_number"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="meeting_dates_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"group_slug": self.group.slug, "number": self.number})

    @property
    def is_upcoming(self) -> bool:
        return self.ends_on >= timezone.localdate()


class SessionKind(models.TextChoices):
    OPEN_CONSULTATION = "open", _("Open consultation")
    OBSERVERS = "observers", _("Open to observers")
    CLOSED = "closed", _("Closed (members only)")


class Session(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    summary = models.TextField(
        _("summary or minutes"), blank=True, help_text=_("Shown to the public for open sessions only.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    registration_open = models.BooleanField(
        _("registration open"), default=False, help_text=_("Whether interested parties may register to attend.")
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["date", "order", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:session",
            kwargs={"group_slug": self.meeting.group.slug, "number": self.meeting.number, "session": self.pk},
        )

    @property
    def is_closed(self) -> bool:
        return self.kind == SessionKind.CLOSED

    @property
    def is_open_consultation(self) -> bool:
        return self.kind == SessionKind.OPEN_CONSULTATION

    def local_datetime(self, time: dt.time | None) -> dt.datetime | None:
        """A time of this session as an aware datetime in the meeting's time zone."""
        if time is None:
            return None
        return dt.datetime.combine(self.date, time, tzinfo=zoneinfo.ZoneInfo(self.meeting.time_zone))

    @property
    def time_zone_label(self) -> str:
        """The zone named by its city in the viewer's language, with its offset on the session's day:
        "Zurich (UTC+02:00)", "Цюрих (UTC+02:00)"."""
        from plenary.core.templatetags.plenary import zone_name

        moment = self.local_datetime(self.starts_at or dt.time(12, 0))
        offset = moment.strftime("%z")
        return f"{zone_name(self.meeting.time_zone)} (UTC{offset[:3]}:{offset[3:]})"


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not the record.")
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class DocumentKind(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")


def document_upload_to(instance: "Document", filename: str) -> str:
    return f"documents/{instance.group.slug}/{timezone.now():%Y/%m}/{filename}"


class Document(TimeStampedModel):
    """A paper of the group. Who may read it is set by `visibility`; from `released_on` it is public."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="papers",
    )
    symbol = models.CharField(_("document symbol"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=400)
    kind = models.ForeignKey(DocumentKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    language = models.CharField(_("language"), max_length=10, default="en")
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    text = models.TextField(_("text"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    released_on = models.DateField(
        _("release date"), null=True, blank=True, help_text=_("From this date the document is public.")
    )
    published_on = models.DateField(_("date of the document"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative sample"), default=False, help_text=_("Made up to show the software; not a paper of the group.")
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", kwargs={"group_slug": self.group.slug, "pk": self.pk})
