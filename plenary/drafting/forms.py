from django import forms
from django.utils.translation import gettext_lazy as _

from plenary.consultations.forms import SubmitterProfileFormMixin
from plenary.consultations.spam import HoneypotMixin, link_cap_check

from .models import Disposition, DraftVersion, ParagraphKind


class DraftForm(forms.Form):
    slug = forms.SlugField(label=_("Short name (in the address)"), max_length=80)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    issues = forms.ModelMultipleChoiceField(label=_("Issues answered"), queryset=None, required=False)
    findings = forms.ModelMultipleChoiceField(label=_("Findings answered"), queryset=None, required=False)
    contributions = forms.ModelMultipleChoiceField(label=_("Public input cited"), queryset=None, required=False)

    def __init__(self, *args, issues, findings, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = issues
        self.fields["findings"].queryset = findings
        self.fields["contributions"].queryset = contributions


class ParagraphForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)
    kind = forms.ChoiceField(label=_("Kind"), choices=ParagraphKind.choices, initial=ParagraphKind.PARAGRAPH)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


ParagraphFormSet = forms.formset_factory(ParagraphForm, extra=3, can_order=True, can_delete=True, max_num=2000)


class VersionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What changed in this version"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MoveForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    opens_at = forms.DateTimeField(
        label=_("Consultation opens"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Consultation closes"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("Note for the record"), required=False)


class CommentForm(HoneypotMixin, SubmitterProfileFormMixin, forms.Form):
    """The same profile, consent and checks as a contribution (from the consultations app)."""

    text = forms.CharField(
        label=_("Your comment on this paragraph"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    consent = forms.BooleanField(
        label=_("I agree that my comment is published on this site, with my profile as chosen above.")
    )

    field_order = ["text"]

    def clean(self):
        data = super().clean()
        link_cap_check(data.get("text", ""))
        return data


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    resulting_version = forms.ModelChoiceField(
        label=_("Changed in version"), queryset=DraftVersion.objects.none(), required=False
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resulting_version"].queryset = versions
