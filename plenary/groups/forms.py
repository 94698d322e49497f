from django import forms
from django.utils.translation import gettext_lazy as _


class TranslationForm(forms.Form):
    """A text in another language (a group's mandate, an issue's title, a draft's paragraph...)."""

    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
