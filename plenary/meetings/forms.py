"""Forms of the secretariat's meeting pages: a country picker in the viewer's language, dates and times with
their time zone named, agenda items, and papers with their visibility and release date."""

import zoneinfo
from functools import lru_cache

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plenary.core.models import Visibility
from plenary.groups.countries import CountryField

from .models import AgendaItem, Document, DocumentKind, Meeting, Session

MAX_PAPER_MB = 50


@lru_cache(maxsize=1)
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    country = CountryField(label=_("Country"))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the venue"),
        choices=time_zone_choices,
        initial="UTC",
        help_text=_("Session times are entered and shown in this time zone, which every page names."),
    )

    class Meta:
        model = Meeting
        fields = ["title", "venue", "city", "country", "time_zone", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The meeting cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The group and the number are set by the service; the model's own checks run there.
        pass


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "kind", "date", "starts_at", "ends_at", "venue", "summary"]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        zone = meeting.time_zone
        self.fields["starts_at"].label = _("Starts at (%(zone)s)") % {"zone": zone}
        self.fields["ends_at"].label = _("Ends at (%(zone)s)") % {"zone": zone}
        self.fields["date"].help_text = _("Between %(start)s and %(end)s.") % {
            "start": meeting.starts_on.isoformat(),
            "end": meeting.ends_on.isoformat(),
        }

    def clean(self):
        cleaned = super().clean()
        date, starts, ends = cleaned.get("date"), cleaned.get("starts_at"), cleaned.get("ends_at")
        if date and not (self.meeting.starts_on <= date <= self.meeting.ends_on):
            self.add_error("date", _("The session must fall within the dates of the meeting."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned

    def _post_clean(self):
        pass


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass


class PaperForm(forms.ModelForm):
    """A paper: where it belongs (meeting, session, agenda item), who may read it and from when it is public."""

    language = forms.ChoiceField(label=_("Language"), choices=[])

    class Meta:
        model = Document
        fields = [
            "title",
            "symbol",
            "kind",
            "language",
            "session",
            "agenda_item",
            "visibility",
            "released_on",
            "published_on",
            "file",
            "text",
        ]
        widgets = {
            "released_on": DateInput(),
            "published_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["kind"].queryset = DocumentKind.objects.all()
        self.fields["session"].queryset = Session.objects.filter(meeting=meeting)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(session__meeting=meeting).select_related(
            "session"
        )
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.session.title}: {item.order}. {item}"
        self.fields["language"].choices = [(code.split("-")[0], name) for code, name in settings.LANGUAGES]
        self.fields["visibility"].help_text = _(
            "Members only: the members and the secretariat read it. A public paper stays public."
        )
        self.fields["released_on"].help_text = _(
            "From this date a members-only paper is public (leave empty to keep it)."
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and getattr(upload, "size", 0) > MAX_PAPER_MB * 1024 * 1024:
            raise forms.ValidationError(_("A paper may be at most %(size)d MB.") % {"size": MAX_PAPER_MB})
        return upload

    def clean(self):
        cleaned = super().clean()
        item, session = cleaned.get("agenda_item"), cleaned.get("session")
        if item is not None and session is not None and item.session_id != session.pk:
            self.add_error("agenda_item", _("This agenda item belongs to another session."))
        if (
            not cleaned.get("text", "").strip()
            and not cleaned.get("file")
            and not (self.instance and self.instance.file)
        ):
            self.add_error("text", _("Give the paper's text, a file, or both."))
        if cleaned.get("visibility") == Visibility.PUBLIC and cleaned.get("released_on"):
            cleaned["released_on"] = None
        return cleaned

    def _post_clean(self):
        pass

    def values(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "file"}
        data["meeting"] = self.meeting
        return data
