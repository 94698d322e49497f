from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.core.models import TimeStampedModel, Vocabulary
from plenary.core.regions import region_of

# Group slugs live at the root of the site, so they must not shadow the site's own paths.
RESERVED_SLUGS = {
    "admin", "accounts", "api", "static", "media", "i18n", "search", "healthz", "robots.txt", "subscriptions",
}  # fmt: skip


def validate_group_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved by the site."), params={"slug": value})


class InterestsPolicy(models.TextChoices):
    """How the group publishes its members' statements of interest: the group decides."""

    PUBLIC = "public", _("Published on the group's site")
    MEMBERS = "members", _("Kept for the members and the secretariat")


class WorkingGroup(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=64, unique=True, validators=[validate_group_slug])
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=32)
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=32, help_text=_("Starts every reference number, e.g. WGIG/C/2005/0042.")
    )
    mandate = models.TextField(_("mandate"))
    established_by = models.CharField(_("established by"), max_length=300)
    established_on = models.DateField(_("established on"))
    parent_body = models.CharField(_("parent body"), max_length=300)
    report_to = models.CharField(_("final report goes to"), max_length=300, blank=True)
    final_report_due = models.DateField(_("final report due"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_title = models.CharField(_("contact title"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=64, blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)
    is_listed = models.BooleanField(_("listed on the site's home"), default=True)
    interests_policy = models.CharField(
        _("statements of interest"),
        max_length=16,
        choices=InterestsPolicy.choices,
        default=InterestsPolicy.MEMBERS,
        help_text=_("Whether the members' statements of interest are published, as the group decided."),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Where the facts above come from."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:home", kwargs={"group_slug": self.slug})


class StakeholderGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    NON_BINARY = "non-binary", _("Non-binary")
    SELF_DESCRIBED = "self-described", _("Self-described")
    UNDISCLOSED = "", _("Not declared")


class Person(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    gender = models.CharField(
        _("gender (self-declared)"), max_length=20, choices=Gender.choices, blank=True, default=Gender.UNDISCLOSED
    )
    biography = models.TextField(_("biography"), blank=True)
    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("A local account for trying a role; never listed or counted.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice-chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    EXECUTIVE_COORDINATOR = "executive-coordinator", _("Executive coordinator")
    SECRETARIAT = "secretariat", _("Secretariat")
    OBSERVER = "observer", _("Observer")


MEMBER_ROLES = {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER}
SECRETARIAT_ROLES = {Role.EXECUTIVE_COORDINATOR, Role.SECRETARIAT}
CHAIR_ROLES = {Role.CHAIR, Role.VICE_CHAIR}


class Membership(TimeStampedModel):
    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(_("title in the group"), max_length=200, blank=True)
    affiliation = models.TextField(_("affiliation"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    region = models.CharField(_("region (UN M49, derived from the country)"), max_length=32, blank=True, editable=False)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), null=True, blank=True, on_delete=models.PROTECT
    )
    personal_capacity = models.BooleanField(_("serves in a personal capacity"), default=True)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    appointed_by = models.CharField(_("appointed by"), max_length=200, blank=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    derived_fields = models.JSONField(
        _("derived fields"),
        default=list,
        blank=True,
        help_text=_("Fields not printed in the source but derived from it (e.g. country from the place)."),
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["order", "person__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["group", "person", "role"], name="unique_membership_role")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.group})"

    def save(self, *args, **kwargs):
        self.country = (self.country or "").upper()
        self.region = region_of(self.country)
        super().save(*args, **kwargs)

    def is_derived(self, field: str) -> bool:
        return field in (self.derived_fields or [])


class Milestone(TimeStampedModel):
    """A dated event on the group's timeline that is not one of its own meetings (a summit, a deadline)."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=64)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True)
    source_quote = models.TextField(_("quote from the source"), blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class NewsItem(TimeStampedModel):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="news")
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, default="en")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        constraints = [models.UniqueConstraint(fields=["group", "slug"], name="unique_news_slug")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:news_detail", kwargs={"group_slug": self.group.slug, "slug": self.slug})


# Content in several languages ------------------------------------------------------------------------------------

# The fields whose text may carry a version per language, by model label. A translation of any other field is
# refused (`translation_save`), so the table stays a list of known texts, not a free key-value store.
TRANSLATABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "groups.WorkingGroup": ("name", "mandate"),
    "groups.NewsItem": ("title", "summary", "body"),
    "issues.Cluster": ("title", "description"),
    "issues.Issue": ("title", "description"),
    "issues.Principle": ("label", "quote"),
    "consultations.Call": ("title", "instructions"),
    "consultations.Question": ("label", "help_text"),
    "meetings.Document": ("title", "text"),
    "drafting.Draft": ("title", "summary"),  # its paragraphs: drafting.ParagraphTranslation, tied to versions
}


class ContentTranslation(TimeStampedModel):
    """One field of one object (a group's mandate, an issue's title, a call's text...) in one more language.

    `source_hash` is the hash of the source text the translator worked from: when the source changes, the
    translation is out of date until someone updates it. Who may read it is its object's rule (core.visibility,
    derived there from the object's own rule), and `group` is the object's group, set by the service.
    """

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="translations"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    source_hash = models.CharField(_("hash of the source text translated"), max_length=64)
    translated_at = models.DateTimeField(_("translated at"))
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["content_type", "object_id", "field", "language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="unique_content_translation"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="translation_object_idx")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} {self.field} [{self.language}]"

    @property
    def target(self) -> models.Model | None:
        return self.content_type.get_object_for_this_type(pk=self.object_id)

    def get_absolute_url(self) -> str:
        """The page of the object translated (a call's page for one of its questions)."""
        target = self.target
        if hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
        if hasattr(getattr(target, "call", None), "get_absolute_url"):
            return target.call.get_absolute_url()
        return self.group.get_absolute_url()
