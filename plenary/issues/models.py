from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.core.models import TimeStampedModel
from plenary.groups.models import WorkingGroup


class NatureOfCooperation(models.TextChoices):
    EXISTING_ORGANISATIONS = "existing-organisations", _("Within the responsibility of existing organisations")
    NOT_WELL_DEFINED = "not-well-defined", _("Nature of the global cooperation required is not well defined")
    ORGANISATIONS_EXIST = "organisations-exist", _("Organisations responsible exist, but the impact is much wider")
    UN_SYSTEM = "un-system", _("Addressed by organisations of the United Nations system")


class Cluster(TimeStampedModel):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="clusters")
    number = models.PositiveIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    nature_of_cooperation = models.CharField(
        _("nature of cooperation"), max_length=32, choices=NatureOfCooperation.choices
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="unique_cluster_number"),
            models.UniqueConstraint(fields=["group", "slug"], name="unique_cluster_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=300, unique=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["acronym", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.acronym} ({self.name})" if self.acronym else self.name


class Issue(TimeStampedModel):
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="issues")
    slug = models.SlugField(_("slug"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    keywords = models.JSONField(
        _("keywords"), default=list, blank=True, help_text=_("Words that point to this issue, in any language.")
    )
    nature_of_cooperation = models.CharField(
        _("nature of cooperation"),
        max_length=32,
        choices=NatureOfCooperation.choices,
        blank=True,
        help_text=_("Leave blank to take the cluster's."),
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("responsible organisations"), through="Responsibility", blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["cluster__number", "order"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [models.UniqueConstraint(fields=["cluster", "slug"], name="unique_issue_slug")]

    def __str__(self) -> str:
        return self.title

    @property
    def group(self) -> WorkingGroup:
        return self.cluster.group

    def get_absolute_url(self) -> str:
        return reverse("issues:detail", kwargs={"group_slug": self.cluster.group.slug, "slug": self.slug})

    @property
    def cooperation(self) -> str:
        return self.nature_of_cooperation or self.cluster.nature_of_cooperation

    def get_cooperation_display(self) -> str:
        """The label of the nature of cooperation, or "" when neither the issue nor its cluster states one."""
        return NatureOfCooperation(self.cooperation).label if self.cooperation else ""


class Responsibility(models.Model):
    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="responsibilities")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE)
    role = models.CharField(_("what it is responsible for"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("responsible organisation")
        verbose_name_plural = _("responsible organisations")
        constraints = [models.UniqueConstraint(fields=["issue", "organisation"], name="unique_responsibility")]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.issue}"


class Principle(TimeStampedModel):
    """A principle of the founding text, by paragraph, against which arrangements are assessed."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="principles"
    )
    slug = models.SlugField(_("slug"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    founding_text = models.CharField(_("founding text"), max_length=300)
    paragraph = models.CharField(_("paragraph"), max_length=32)
    quote = models.TextField(_("quote"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [models.UniqueConstraint(fields=["group", "slug"], name="unique_principle_slug")]

    def __str__(self) -> str:
        return self.label
