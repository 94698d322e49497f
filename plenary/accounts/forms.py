from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("E-mail"), help_text=_("Kept private. Used for password resets and receipts."))
    display_name = forms.CharField(label=_("Name shown"), max_length=200, required=False)

    class Meta:
        model = User
        fields = ["username", "email", "display_name"]
