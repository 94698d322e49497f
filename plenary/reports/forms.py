from django import forms
from django.utils.translation import gettext_lazy as _


class SubmissionForm(forms.Form):
    build = forms.TypedChoiceField(label=_("Build"), coerce=int)
    submitted_to = forms.CharField(label=_("Submitted to"), max_length=300)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, builds, **kwargs):
        super().__init__(*args, **kwargs)
        self.builds = {b.number: b for b in builds}
        self.fields["build"].choices = [(b.number, str(b)) for b in builds]

    def clean_build(self):
        return self.builds[self.cleaned_data["build"]]
