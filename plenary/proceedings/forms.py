from django import forms
from django.utils.translation import gettext_lazy as _

from plenary.consultations.forms import SubmitterProfileFormMixin
from plenary.consultations.spam import HoneypotMixin
from plenary.groups.countries import CountryField
from plenary.groups.models import StakeholderGroup

from .models import AttendanceMode, AttendanceStatus, LinkKind, Outcome


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "One paragraph per block, with a blank line between: the readout is chosen paragraph by paragraph."
        ),
    )


class RedactionForm(forms.Form):
    """One row per paragraph of the minutes: release it or not, and how it reads in the readout."""

    def __init__(self, *args, paragraphs: list[str], current: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraphs = paragraphs
        current = current or {}
        for index, text in enumerate(paragraphs):
            self.fields[f"release_{index}"] = forms.BooleanField(
                label=_("Release paragraph %(n)d") % {"n": index + 1}, required=False, initial=index in current
            )
            self.fields[f"text_{index}"] = forms.CharField(
                label=_("As the public reads it"),
                required=False,
                initial=current.get(index, text),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        return [
            {"number": i + 1, "original": text, "release": self[f"release_{i}"], "text": self[f"text_{i}"]}
            for i, text in enumerate(self.paragraphs)
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = [i for i in range(len(self.paragraphs)) if cleaned.get(f"release_{i}")]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one paragraph to release."))
        for i in chosen:
            if not (cleaned.get(f"text_{i}") or "").strip():
                self.add_error(f"text_{i}", _("A released paragraph cannot be empty; leave it unticked instead."))
        return cleaned

    def released(self) -> list[tuple[int, str]]:
        return [
            (i, self.cleaned_data[f"text_{i}"])
            for i in range(len(self.paragraphs))
            if self.cleaned_data.get(f"release_{i}")
        ]


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    proposed_by = forms.CharField(
        label=_("Proposed by"), max_length=200, help_text=_("As the minutes record it: the chair, a member...")
    )
    proposer = forms.ModelChoiceField(label=_("Proposing member (optional)"), queryset=None, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = members
        self.fields["proposer"].label_from_instance = lambda m: str(m.person)


class LinkForm(forms.Form):
    """What the decision changed: a paragraph (draft and paragraph) or a cell (issue and principle)."""

    kind = forms.ChoiceField(label=_("It changed"), choices=LinkKind.choices, widget=forms.RadioSelect)
    paragraph = forms.ChoiceField(label=_("Paragraph"), required=False)
    cell = forms.ChoiceField(label=_("Assessment cell"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, paragraphs: list[tuple[str, str]], cells: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", "—"), *paragraphs]
        self.fields["cell"].choices = [("", "—"), *cells]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == LinkKind.PARAGRAPH and not cleaned.get("paragraph"):
            self.add_error("paragraph", _("Choose the paragraph the decision changed."))
        if kind == LinkKind.CELL and not cleaned.get("cell"):
            self.add_error("cell", _("Choose the issue and principle whose rating the decision changed."))
        return cleaned


class RegistrationForm(HoneypotMixin, SubmitterProfileFormMixin, forms.Form):
    """Registration for an open consultation: the profile of a contribution's submitter, and how one attends."""

    mode = forms.ChoiceField(
        label=_("You will attend"), choices=AttendanceMode.choices, initial=AttendanceMode.IN_PERSON,
        widget=forms.RadioSelect,
    )  # fmt: skip
    wishes_to_speak = forms.BooleanField(
        label=_("I ask for the floor"),
        required=False,
        help_text=_(
            "The chair keeps the speakers' list; you are listed under your name only if you chose to publish it."
        ),
    )
    needs = forms.CharField(
        label=_("Access needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Never published; read by the secretariat only."),
    )
    country = CountryField(label=_("Country"))  # the same codes as the contribution form, named in your language
    consent = forms.BooleanField(
        label=_("I agree that the secretariat keeps this registration for the session, and prints my badge from it.")
    )

    field_order = [
        "submitter_name",
        "submitter_email",
        "on_behalf_of",
        "organisation",
        "stakeholder_group",
        "country",
        "publish_name",
        "mode",
        "wishes_to_speak",
        "needs",
        "consent",
        "website",
    ]


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Called as"), max_length=300)
    stakeholder_group = forms.ModelChoiceField(
        label=_("Stakeholder group"), queryset=StakeholderGroup.objects.all(), required=False
    )
    country = CountryField(label=_("Country"))


class AttendanceForm(forms.Form):
    def __init__(self, *args, sheet: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet:
            record = row["record"]
            self.fields[f"m{row['membership'].pk}"] = forms.ChoiceField(
                label=str(row["membership"].person),
                choices=[("", "—"), *AttendanceStatus.choices],
                required=False,
                initial=record.status if record else "",
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value}
