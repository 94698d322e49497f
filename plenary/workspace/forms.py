from django import forms
from django.utils.translation import gettext_lazy as _

from plenary.meetings.forms import DateInput

from .models import AssignmentRole


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())
    issue = forms.ModelChoiceField(label=_("Issue"), queryset=None, required=False)
    draft = forms.ModelChoiceField(label=_("Draft"), queryset=None, required=False)

    def __init__(self, *args, members, issues, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].label_from_instance = lambda m: str(m.person)
        self.fields["issue"].queryset = issues
        self.fields["draft"].queryset = drafts


class AssignmentForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Member"), queryset=None)
    role = forms.ChoiceField(label=_("As"), choices=AssignmentRole.choices)
    issue = forms.ModelChoiceField(label=_("Issue"), queryset=None, required=False)
    draft = forms.ModelChoiceField(label=_("Draft"), queryset=None, required=False)

    def __init__(self, *args, members, issues, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = members
        self.fields["membership"].label_from_instance = lambda m: str(m.person)
        self.fields["issue"].queryset = issues
        self.fields["draft"].queryset = drafts

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("issue")) == bool(cleaned.get("draft")):
            raise forms.ValidationError(_("Choose an issue or a draft (one of them)."))
        return cleaned


class InterestForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement of interest"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Employment, boards, funding and other interests that bear on the group's work."),
    )
