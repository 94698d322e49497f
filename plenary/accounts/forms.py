from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .models import User


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("E-mail"), help_text=_("Kept private. Used for password resets and receipts."))
    display_name = forms.CharField(label=_("Name shown"), max_length=200, required=False)

    class Meta:
        model = User
        fields = ["username", "email", "display_name"]


class QueuedPasswordResetForm(PasswordResetForm):
    """The reset link is made from the configured site address and sent by the task worker, like every e-mail."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **_kwargs):
        from plenary.core.mail import mail_send
        from plenary.core.site import site_url

        context = {**context, "site_url": site_url()}
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail_send(subject=subject, body=body, to=[to_email])
