from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Actor, Rating


class AssessmentForm(forms.Form):
    """The whole assessment of one issue on one page: arrangements, a rating per principle, a role per actor."""

    arrangements = forms.CharField(
        label=_("Existing arrangements"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    instruments = forms.CharField(label=_("Instruments"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, principles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.principles = list(principles)
        for p in self.principles:
            self.fields[f"rating_{p.pk}"] = forms.ChoiceField(
                label=p.label, choices=[("", _("Not rated")), *list(Rating.choices)], required=False
            )
            self.fields[f"rationale_{p.pk}"] = forms.CharField(
                label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            self.fields[f"minority_{p.pk}"] = forms.CharField(
                label=_("Minority views"), widget=forms.Textarea(attrs={"rows": 1}), required=False
            )
        for value, label in Actor.choices:
            self.fields[f"role_{value}"] = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 2}), required=False
            )

    def principle_rows(self):
        return [
            (p, self[f"rating_{p.pk}"], self[f"rationale_{p.pk}"], self[f"minority_{p.pk}"]) for p in self.principles
        ]

    def role_rows(self):
        return [self[f"role_{value}"] for value in Actor.values]


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}))
    contributions = forms.ModelMultipleChoiceField(label=_("Contributions"), queryset=None, required=False)
    documents = forms.ModelMultipleChoiceField(label=_("Documents"), queryset=None, required=False)
    meetings = forms.ModelMultipleChoiceField(label=_("Meeting records"), queryset=None, required=False)

    def __init__(self, *args, contributions, documents, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = contributions
        self.fields["documents"].queryset = documents
        self.fields["meetings"].queryset = meetings
