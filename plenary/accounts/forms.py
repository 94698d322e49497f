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


class ProfileForm(forms.Form):
    """What pre-fills the contribution and comment forms; the e-mail is never published."""

    display_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Never published. A new address is confirmed by a link sent to it.")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[])
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), required=False, choices=[])
    publish_name = forms.BooleanField(
        label=_("Publish my name with what I send (the form asks each time)"), required=False
    )

    def __init__(self, *args, **kwargs):
        from django.apps import apps
        from django.utils import translation

        from plenary.groups.countries import country_names  # the groups app's list, read at run time as below

        super().__init__(*args, **kwargs)
        # named and sorted in the language of the request that draws the form
        self.fields["country"].choices = [("", "—"), *country_names(translation.get_language() or "en")]
        # the vocabulary is the groups app's (which depends on this one): named by its label, read at run time
        sectors = apps.get_model("groups.StakeholderGroup").objects.values_list("slug", "name")
        self.fields["stakeholder_group"].choices = [("", "—"), *sectors]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirmed = forms.BooleanField(
        label=_("I understand that my account and my personal data are removed for good."), required=False
    )
