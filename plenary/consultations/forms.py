"""Forms for the public (submission, filters) and the secretariat (moderation).

`SubmitterProfileFormMixin` is the public-profile part of any form that takes input from the public: other apps
(paragraph comments on drafts) put it beside `spam.HoneypotMixin` and get the same fields, consent and checks.
"""

import secrets
import zoneinfo
from functools import lru_cache

from django import forms
from django.utils.translation import gettext_lazy as _

from plenary.core.widgets import QuickSelect
from plenary.groups.countries import country_choices
from plenary.groups.models import StakeholderGroup
from plenary.issues.models import Issue

from .extraction import ACCEPT_ATTRIBUTE
from .models import Call, OnBehalfOf
from .spam import HoneypotMixin, link_cap_check


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in zones)]


class SubmitterProfileFormMixin(forms.Form):
    """Who is writing, and what they agree to make public. `initial_from_user()` pre-fills it from an account."""

    submitter_name = forms.CharField(label=_("Your name"), max_length=200)
    submitter_email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("Never published. The receipt and the secretariat's decision go there.")
    )
    on_behalf_of = forms.ChoiceField(
        label=_("You write on behalf of"), choices=OnBehalfOf.choices, initial=OnBehalfOf.SELF, widget=forms.RadioSelect
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_("Required when you write on behalf of an organisation; its name is then published."),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("Stakeholder group"), queryset=StakeholderGroup.objects.all(), required=False, to_field_name="slug"
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)
    publish_name = forms.TypedChoiceField(
        label=_("Publish your name?"),
        choices=[("yes", _("Yes, publish my name with my contribution")), ("no", _("No, publish it anonymously"))],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
        help_text=_("Your country and stakeholder group are published in any case, for the statistics."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on_behalf_of") == OnBehalfOf.ORGANISATION and not cleaned.get("organisation", "").strip():
            self.add_error("organisation", _("Name the organisation you write for."))
        return cleaned

    def profile(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in (
                "submitter_name",
                "submitter_email",
                "organisation",
                "on_behalf_of",
                "stakeholder_group",
                "country",
                "publish_name",
            )
        }

    @staticmethod
    def initial_from_user(user) -> dict:
        if user is None or not user.is_authenticated:
            return {}
        initial = {
            "submitter_name": str(user),
            "submitter_email": user.email,
            "organisation": getattr(user, "organisation", ""),
            "country": getattr(user, "country", ""),
            "publish_name": "yes" if getattr(user, "publish_name", False) else "no",
        }
        if getattr(user, "stakeholder_group", ""):
            initial["stakeholder_group"] = user.stakeholder_group  # the field's values are slugs
        if getattr(user, "organisation", ""):
            initial["on_behalf_of"] = OnBehalfOf.SELF  # the person chooses each time whom they write for
        return initial


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ContributionForm(HoneypotMixin, SubmitterProfileFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Write your contribution here, attach files, or both."),
    )
    files = MultipleFileField(label=_("Files"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that my contribution is published on this site, with my profile as chosen above.")
    )
    # Issued with the form and sent back with it: a retry of the same form is stored once
    # (services.contribution_submit_once).
    idempotency_key = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)

    field_order = [
        "submitter_name",
        "submitter_email",
        "on_behalf_of",
        "organisation",
        "stakeholder_group",
        "country",
        "publish_name",
        "kind",
        "title",
        "text",
        "files",
        "consent",
        "website",
        "idempotency_key",
    ]

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.questions = list(call.questions.all())
        for question in self.questions:
            self.fields[self.question_field(question)] = question_field(question)
        if self.questions:
            self.fields["text"].label = _("Anything else you want to say")
            self.fields["text"].help_text = _("Optional when you answer the questions above.")
        if not self.is_bound:
            self.fields["idempotency_key"].initial = secrets.token_urlsafe(24)
        self.fields["kind"].choices = call.kind_choices()
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
        self.fields["files"].help_text = _(
            "PDF, DOCX, ODT, TXT or Markdown; up to %(count)d files of %(size)d MB each. "
            "If the form shows an error, choose your files again: browsers do not keep them."
        ) % {"count": call.max_attachments, "size": call.max_upload_mb}

    @staticmethod
    def question_field(question) -> str:
        return f"q_{question.key}"

    def question_fields(self) -> list:
        return [self[self.question_field(q)] for q in self.questions]

    def answers(self) -> dict:
        """The answers as the services take them: {question key: choice, choices or text}, empty ones left out."""
        values = {q.key: self.cleaned_data.get(self.question_field(q)) for q in self.questions}
        return {key: value for key, value in values.items() if value}

    def renew_idempotency_key(self) -> None:
        """Give the re-shown form a new key, so that sending it again makes a new contribution."""
        self.data = self.data.copy()
        self.data["idempotency_key"] = secrets.token_urlsafe(24)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            link_cap_check(cleaned.get("title", ""), cleaned.get("text", ""))
        except forms.ValidationError as error:
            self.add_error("text", error)
        return cleaned


def question_field(question) -> forms.Field:
    """The form field of a question of the call's questionnaire: radio buttons, checkboxes or a text area."""
    choices = [(c["id"], c.get("label", c["id"])) for c in question.choices]
    common = {"label": question.label, "required": question.required, "help_text": question.help_text}
    if question.kind == "single":
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == "multiple":
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000, **common)


class ContributionFilterForm(forms.Form):
    """The public filters of a list of contributions; choices come from what is published."""

    call = forms.ChoiceField(label=_("Call"), required=False, widget=QuickSelect)
    issue = forms.ChoiceField(label=_("Issue"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect)
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), required=False, widget=QuickSelect)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=QuickSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=QuickSelect)
    campaign = forms.CharField(label=_("Campaign"), required=False, max_length=64, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title")),
            ("reference", _("Reference number")),
        ],
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ContributionKind

        everything = [("", _("All"))]
        countries = dict(country_choices())
        from plenary.core.collation import collated
        from plenary.core.templatetags.plenary import language_name, region

        self.fields["call"].choices = everything + choices["calls"]
        self.fields["issue"].choices = everything + choices["issues"]
        self.fields["kind"].choices = everything + list(ContributionKind.choices)
        self.fields["stakeholder_group"].choices = everything + choices["stakeholder_groups"]
        # named in the viewer's language and sorted in its alphabetical order (short lists, sorted here)
        named = lambda values, name: collated(((v, name(v)) for v in values), key=lambda item: item[1])  # noqa: E731
        self.fields["region"].choices = everything + named(choices["regions"], region)
        self.fields["country"].choices = everything + named(choices["countries"], lambda c: countries.get(c, c))
        self.fields["language"].choices = everything + named(choices["languages"], language_name)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value and name != "sort"}

    def sort_order(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or "newest"


class ModerationForm(forms.Form):
    ACTIONS = [("publish", _("Publish")), ("reject", _("Reject")), ("spam", _("Mark as spam"))]

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason (sent to the submitter when rejecting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for rejecting: the submitter is told."))
        return cleaned


class DecisionForm(forms.Form):
    """The secretariat's one form for a contribution: the decision, its reason and the issue tags together.

    Every suggestion of the analysis is listed first, by the issue's name with its score, then the group's other
    issues. What is ticked at first is said on the form: the tags already given, or else the suggestions that reach
    the stated threshold (the best one if none does). Nothing suggested is left out of view.
    """

    ACTIONS = [
        ("", _("Keep the status (save the tags only)")),
        ("publish", _("Publish")),
        ("reject", _("Reject")),
        ("spam", _("Mark as spam")),
    ]

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, required=False)
    reason = forms.CharField(
        label=_("Reason (sent to the submitter when rejecting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    issues = forms.MultipleChoiceField(label=_("Issue tags"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, contribution, threshold: float, **kwargs):
        from plenary.core.trail import score_label

        super().__init__(*args, **kwargs)
        issues = list(
            Issue.objects.filter(cluster__group=contribution.group)
            .select_related("cluster")
            .order_by("cluster__number", "order")
        )
        by_slug = {issue.slug: issue for issue in issues}
        suggested = [t for t in contribution.suggested_tags or [] if t.get("issue") in by_slug]
        self.suggested_slugs = [t["issue"] for t in suggested]
        choices = [
            (
                t["issue"],
                _("%(issue)s (suggested, %(score)s)")
                % {"issue": by_slug[t["issue"]].title, "score": score_label(t.get("score"))},
            )
            for t in suggested
        ]
        choices += [(issue.slug, issue.title) for issue in issues if issue.slug not in self.suggested_slugs]
        self.fields["issues"].choices = choices
        self.issue_objects = by_slug
        current = [issue.slug for issue in contribution.issues.all()]
        self.preticked = [t["issue"] for t in suggested if t.get("score", 0) >= threshold] or self.suggested_slugs[:1]
        if current:
            self.fields["issues"].help_text = _("Ticked: the tags it has now.")
            self.fields["issues"].initial = current
        elif suggested:
            self.fields["issues"].help_text = _(
                "Ticked: the suggestions scoring %(threshold)s or more (the best one if none does). "
                "Untick or tick any issue before saving."
            ) % {"threshold": score_label(threshold)}
            self.fields["issues"].initial = self.preticked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for rejecting: the submitter is told."))
        return cleaned

    def chosen_issues(self) -> list:
        return [self.issue_objects[slug] for slug in self.cleaned_data.get("issues") or []]


class TagsForm(forms.Form):
    issues = forms.ModelMultipleChoiceField(
        label=_("Issue tags"), queryset=Issue.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = Issue.objects.filter(cluster__group=group).select_related("cluster")


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("New deadline (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("Reason, shown to the public"), widget=forms.Textarea(attrs={"rows": 2}))


class TimezoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"), choices=timezone_choices, required=False)
