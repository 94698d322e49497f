"""Who may see what: one rule per object kind, and every channel asks it.

A rule says, for one kind of object, the lookup from it to its working group and three conditions:

- `public`: what anyone may see, signed in or not;
- `members`: what the members of the object's group (chair, vice-chairs, members and the secretariat) see
  besides; None when they see no more than the public;
- `secretariat`: what the group's secretariat sees besides (by default everything of the group).

Site administrators see everything. A role is held in one group: the secretariat of one group is the public in
another. Every selector, search source, feed, export, API operation, admin queryset and admin choice, the analysis
adapter and the report ask here:

    visible("consultations.Contribution", user)          # a queryset of what this user may see
    visible_q("consultations.Contribution", user, prefix="contributions__")   # the same through a relation
    can_see(user, contribution)                           # one object
    managed("meetings.Document", user)                    # what the back office may change: the viewer's groups

core imports no other app, so models are named by their label and the values of their fields are written as
literals here; `tests` check every literal against the model's choices. The roles of a user (which groups they are
a member or the secretariat of) are read by a resolver that the groups app registers, once per request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

Condition = Callable[[str], Q]  # a condition on the object, given the lookup prefix that reaches it


def everything(prefix: str = "") -> Q:
    return Q()


@dataclass(frozen=True)
class Viewer:
    """What visibility needs to know about who is looking, read once per request."""

    is_superuser: bool = False
    members: frozenset[int] = frozenset()  # groups where the viewer may read members-only material
    secretariat: frozenset[int] = frozenset()  # groups the viewer runs
    chair: frozenset[int] = frozenset()  # groups the viewer chairs or vice-chairs
    user_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None


ANONYMOUS = Viewer()
_RESOLVER: dict[str, Callable] = {}


def register_roles(resolver: Callable[[object], Viewer]) -> None:
    """The groups app tells us how to read a user's roles (core cannot import it)."""
    _RESOLVER["roles"] = resolver


def viewer_of(user) -> Viewer:
    """The roles of a user (or of nobody), memoised on the user object for the length of a request."""
    if isinstance(user, Viewer):
        return user
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = user.__dict__.get("_plenary_viewer")
    if cached is None:
        cached = _RESOLVER["roles"](user)
        user.__dict__["_plenary_viewer"] = cached
    return cached


def forget_roles(user) -> None:
    """After a role changes within a request (tests, the admin), read the roles again next time."""
    if user is not None:
        user.__dict__.pop("_plenary_viewer", None)


@dataclass(frozen=True)
class Rule:
    """Who may see one kind of object. `group` is the lookup to its WorkingGroup ("" for the group itself)."""

    label: str
    group: str | None
    public: Condition = everything
    members: Condition | None = None
    secretariat: Condition = everything
    multi_valued: bool = False  # the path to the group crosses a to-many relation (rows may repeat)
    lifecycle: tuple[str, ...] = ()  # fields that only their transition services change
    notes: str = ""

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def group_lookup(self, prefix: str = "") -> str:
        if self.group is None:
            raise LookupError(f"{self.label} belongs to no group")
        return f"{prefix}{self.group}" if self.group else f"{prefix}pk"

    def q(self, viewer: Viewer, prefix: str = "") -> Q:
        if viewer.is_superuser:
            return Q()
        q = self.public(prefix)
        if self.group is None or not q:
            # An empty condition is "everyone sees all of it"; it must not be OR-ed with the role conditions
            # below, since Django drops an empty Q from `Q() | other`, which would leave only `other`.
            return q
        lookup = f"{self.group_lookup(prefix)}__in"
        if self.members is not None and viewer.members:
            q |= Q(**{lookup: sorted(viewer.members)}) & self.members(prefix)
        if viewer.secretariat:
            q |= Q(**{lookup: sorted(viewer.secretariat)}) & self.secretariat(prefix)
        return q


_RULES: dict[str, Rule] = {}


def rule(label: str, group: str | None, **conditions) -> Rule:
    _RULES[label] = Rule(label=label, group=group, **conditions)
    return _RULES[label]


def through(label: str, parent: str, path: str, **extra) -> Rule:
    """A rule that follows its parent's: an attachment is visible exactly when its contribution is."""
    parent_rule = _RULES[parent]
    sub = f"{path}__"

    def shifted(condition: Condition | None) -> Condition | None:
        if condition is None:
            return None
        return lambda prefix: condition(prefix + sub)

    return rule(
        label,
        group=f"{sub}{parent_rule.group}" if parent_rule.group else f"{path}",
        public=shifted(parent_rule.public),
        members=shifted(parent_rule.members),
        secretariat=shifted(parent_rule.secretariat),
        multi_valued=parent_rule.multi_valued,
        **extra,
    )


def translations_of(label: str, targets: tuple[str, ...], group: str = "group") -> Rule:
    """A rule for rows that hold another language's text of objects of several kinds (a generic relation:
    `content_type` and `object_id`): each row is visible exactly when its object is, by that object's own rule.

    Each condition is the union, over the kinds, of "the object is of this kind and among the objects that this
    level of the kind's rule lets see"; `group` is the row's copy of its object's group (set by its service).
    """

    def derived(level: str) -> Condition | None:
        def condition(prefix: str) -> Q:
            # The kind is named by its app and model (a join), so building the condition reads no table.
            q = Q(**{f"{prefix}id__in": []})
            for target in targets:
                r = _RULES[target]
                own = getattr(r, level)
                if own is None:
                    continue
                app_label, model_name = target.lower().split(".")
                q |= Q(
                    **{
                        f"{prefix}content_type__app_label": app_label,
                        f"{prefix}content_type__model": model_name,
                        f"{prefix}object_id__in": r.model._default_manager.filter(own("")).values("pk"),
                    }
                )
            return q

        if level == "members" and all(_RULES[t].members is None for t in targets):
            return None
        return condition

    return rule(
        label, group=group, public=derived("public"), members=derived("members"), secretariat=derived("secretariat")
    )


def rule_for(model_or_label: type[models.Model] | models.Model | str) -> Rule:
    if isinstance(model_or_label, str):
        label = model_or_label
    else:
        label = model_or_label._meta.label
    try:
        return _RULES[label]
    except KeyError:
        raise LookupError(f"No visibility rule for {label}: add one in plenary/core/visibility.py") from None


def has_rule(model: type[models.Model] | str) -> bool:
    label = model if isinstance(model, str) else model._meta.label
    return label in _RULES


def rules() -> dict[str, Rule]:
    return dict(_RULES)


# Asking the rules --------------------------------------------------------------------------------------------------


def visible_q(model: type[models.Model] | str, user, prefix: str = "") -> Q:
    """The condition for "this user may see it", on a model reached through `prefix` (e.g. "contributions__")."""
    return rule_for(model).q(viewer_of(user), prefix)


def visible(model: type[models.Model] | str, user, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """What this user may see of a model (or of a queryset of it)."""
    r = rule_for(model)
    queryset = r.model._default_manager.all() if queryset is None else queryset
    queryset = queryset.filter(r.q(viewer_of(user)))
    return queryset.distinct() if r.multi_valued else queryset


def public(model: type[models.Model] | str, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """What anyone may see: feeds, exports, open data, the report."""
    return visible(model, None, queryset)


def can_see(user, obj: models.Model) -> bool:
    """One object: asked of the database with the same condition as the lists, so they cannot disagree."""
    if obj is None or obj.pk is None:
        return False
    r = rule_for(type(obj))
    return r.model._default_manager.filter(pk=obj.pk).filter(r.q(viewer_of(user))).exists()


# What a person sent: their own input, whatever their role (a secretariat reads everything of its group through the
# rules above; "My contributions" shows a person only their own, never someone else's).
SENDER_MODELS = ("consultations.Contribution", "drafting.ParagraphComment")


def sent_by(model: type[models.Model] | str, user, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """The input this user sent: by their account, or by their account's e-mail once they confirmed it.

    An unconfirmed e-mail proves nothing (anyone may type any address at sign-up), so it matches nothing.
    """
    r = rule_for(model)
    if r.label not in SENDER_MODELS:
        raise LookupError(f"{r.label} is not input that people send")
    queryset = r.model._default_manager.all() if queryset is None else queryset
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    q = Q(submitter_user_id=user.pk)
    email = (getattr(user, "email", "") or "").strip()
    if email and getattr(user, "email_confirmed_at", None) is not None:
        q |= Q(submitter_email__iexact=email)
    return queryset.filter(q)


def visible_ids(model: type[models.Model] | str, user, ids) -> set:
    """Which of these primary keys this user may see (one query; for stored results that name objects)."""
    ids = list(ids)
    if not ids:
        return set()
    return set(visible(model, user).filter(pk__in=ids).values_list("pk", flat=True))


def group_of(obj: models.Model):
    """The working group an object belongs to (None for objects shared by every group)."""
    r = rule_for(type(obj)) if has_rule(type(obj)) else None
    if r is None or r.group is None:
        return None
    if r.group == "":
        return obj
    target = obj
    for step in r.group.split("__"):
        target = getattr(target, step, None)
        if target is None:
            return None
        if isinstance(target, models.Manager):
            target = target.first()
            if target is None:
                return None
    return target


# The back office ---------------------------------------------------------------------------------------------------


def managed(model: type[models.Model] | str, user, queryset: models.QuerySet | None = None) -> models.QuerySet:
    """What the back office may show and change: the records of the groups the user runs (all for an admin).

    A model shared by every group (no group in its rule) is changed by site administrators only.
    """
    r = rule_for(model)
    viewer = viewer_of(user)
    queryset = r.model._default_manager.all() if queryset is None else queryset
    if viewer.is_superuser:
        return queryset
    if r.group is None:
        return queryset  # shared vocabularies: readable by the back office; `can_manage` limits changes
    in_groups = Q(**{f"{r.group_lookup()}__in": sorted(viewer.secretariat)})
    if r.multi_valued:
        # A person joins a group by a membership made after the person: until then nobody's group holds them.
        return queryset.filter(in_groups | Q(**{f"{r.group.split('__')[0]}__isnull": True})).distinct()
    return queryset.filter(in_groups)


def can_manage(user, obj: models.Model) -> bool:
    """May this user change the object in the back office? Its group's secretariat and site administrators."""
    viewer = viewer_of(user)
    if viewer.is_superuser:
        return True
    r = rule_for(type(obj))
    if r.group is None:
        return False
    if obj.pk is None:
        group = group_of(obj)
        return group is not None and group.pk in viewer.secretariat
    return managed(type(obj), user).filter(pk=obj.pk).exists()


# The rules ---------------------------------------------------------------------------------------------------------
# Values are written as literals because core imports no app; `test_visibility_literals` checks each against the
# model's choices, so renaming a status cannot silently open or close anything.

PUBLISHED = "published"  # consultations.ContributionStatus.PUBLISHED


def _today() -> dt.date:
    return timezone.localdate()


def _published(prefix: str) -> Q:
    """The published-contribution condition (contributions and paragraph comments share the lifecycle)."""
    return Q(**{f"{prefix}status": PUBLISHED})


def _public_draft(prefix: str) -> Q:
    return ~Q(**{f"{prefix}status": "internal"}) & Q(**{f"{prefix}first_public_version__isnull": False})


def _public_version(prefix: str) -> Q:
    return _public_draft(f"{prefix}draft__") & Q(**{f"{prefix}number__gte": F(f"{prefix}draft__first_public_version")})


def _public_document(prefix: str) -> Q:
    return Q(**{f"{prefix}visibility": "public"}) | Q(**{f"{prefix}released_on__lte": _today()})


def _members_document(prefix: str) -> Q:
    return Q(**{f"{prefix}visibility__in": ["public", "members"]})


def _published_news(prefix: str) -> Q:
    return Q(**{f"{prefix}published_at__isnull": False, f"{prefix}published_at__lte": timezone.now()})


def _open_session(prefix: str) -> Q:
    return ~Q(**{f"{prefix}kind": "closed"})


def _not_demo(prefix: str) -> Q:
    return Q(**{f"{prefix}is_demo": False})


def nothing(prefix: str = "") -> Q:
    """No one beyond the levels named: the public sees none of it."""
    return Q(**{f"{prefix}id__in": []})


def _approved(prefix: str) -> Q:
    return Q(**{f"{prefix}status": "approved"})


def _public_decision_link(prefix: str) -> Q:
    """A disclosed decision's link, when what it points to is public too (a public version, a released cell)."""
    paragraph = Q(**{f"{prefix}kind": "paragraph"}) & _public_version(f"{prefix}version__")
    cell = Q(**{f"{prefix}kind": "cell", f"{prefix}assessment__status": "released"})
    return Q(**{f"{prefix}decision__disclosed": True}) & (paragraph | cell)


def _public_assignment(prefix: str) -> Q:
    """Who is rapporteur or on a drafting team is public, except on a draft the public cannot read yet."""
    on_issue = Q(**{f"{prefix}draft__isnull": True})
    return _not_demo(f"{prefix}membership__person__") & (on_issue | _public_draft(f"{prefix}draft__"))


def _open_session_entry(prefix: str) -> Q:
    return _open_session(f"{prefix}session__")


# The kinds of object whose texts may carry translations (groups.TRANSLATABLE_FIELDS names their fields; a test
# checks that the two lists agree).
TRANSLATED_MODELS = (
    "groups.WorkingGroup",
    "groups.NewsItem",
    "issues.Cluster",
    "issues.Issue",
    "issues.Principle",
    "consultations.Call",
    "consultations.Question",
    "meetings.Document",
    "drafting.Draft",
)


def _register_rules() -> None:
    # groups
    rule("groups.WorkingGroup", group="", lifecycle=())
    rule("groups.Person", group="memberships__group", public=_not_demo, multi_valued=True)
    rule("groups.Membership", group="group", public=lambda p: _not_demo(f"{p}person__"))
    rule("groups.Milestone", group="group")
    rule("groups.NewsItem", group="group", public=_published_news)
    rule("groups.StakeholderGroup", group=None)
    # meetings: a closed session's agenda, papers and summary are for members; the public sees that it took place
    rule("meetings.Meeting", group="group")
    rule("meetings.Session", group="meeting__group", lifecycle=("registration_open",))
    rule("meetings.SessionContent", group="meeting__group", public=_open_session, members=everything)
    rule(
        "meetings.AgendaItem",
        group="session__meeting__group",
        public=lambda p: _open_session(f"{p}session__"),
        members=everything,
    )
    rule("meetings.Document", group="group", public=_public_document, members=_members_document)
    rule("meetings.DocumentKind", group=None)
    # issues
    rule("issues.Cluster", group="group")
    rule("issues.Issue", group="cluster__group")
    rule("issues.Principle", group="group")
    rule("issues.Responsibility", group="issue__cluster__group")
    rule("issues.Organisation", group=None)
    # consultations
    rule("consultations.Call", group="group", lifecycle=("closes_at", "original_closes_at"))
    rule("consultations.Question", group="call__group")
    rule(
        "consultations.Contribution",
        group="group",
        public=_published,
        lifecycle=("status", "status_reason", "published_at", "moderated_at", "moderated_by", "reference"),
    )
    through("consultations.Attachment", "consultations.Contribution", "contribution")
    rule("consultations.RecordExport", group="group")  # made from the public record only
    # assessment: members and the secretariat read it while it is written; the public once released
    rule(
        "assessment.IssueAssessment",
        group="group",
        public=lambda p: Q(**{f"{p}status": "released"}),
        members=everything,
        lifecycle=("status", "released_at"),
    )
    through("assessment.AdequacyRating", "assessment.IssueAssessment", "assessment")
    through("assessment.RoleStatement", "assessment.IssueAssessment", "assessment")
    through("assessment.Finding", "assessment.IssueAssessment", "assessment")
    # drafting: internal drafts and versions before the first public one stay with the members
    rule(
        "drafting.Draft",
        group="group",
        public=_public_draft,
        members=everything,
        lifecycle=("status", "consultation_opens_at", "consultation_closes_at", "first_public_version"),
    )
    rule("drafting.DraftVersion", group="draft__group", public=_public_version, members=everything)
    through("drafting.Paragraph", "drafting.DraftVersion", "version")
    rule(
        "drafting.ParagraphComment",
        group="draft__group",
        public=lambda p: _published(p) & _public_draft(f"{p}draft__"),
        members=_published,
        lifecycle=("status", "status_reason", "published_at", "moderated_at", "moderated_by", "reference"),
    )
    # analysis and reports: what is computed from the public record; runs in progress are the secretariat's
    rule("analysis.AnalysisRun", group="group", public=lambda p: Q(**{f"{p}status": "done"}))
    # the secretariat's corrections of the analysis (notes, contributions named): its own; the public sees the
    # figures that follow them, on the dashboard
    rule(
        "analysis.AnalysisDecision",
        group="group",
        public=nothing,
        lifecycle=("kind", "record_ids", "line", "decided_by", "withdrawn_at", "withdrawn_by"),
    )
    rule("reports.ReportBuild", group="group", lifecycle=("status",))
    through("reports.ReportFile", "reports.ReportBuild", "build")
    rule("reports.Submission", group="group")
    # the report's front matter goes out once the group adopted it; members read it while it is written
    rule(
        "reports.ReportEdition",
        group="group",
        public=lambda p: Q(**{f"{p}adopted_on__isnull": False}),
        members=everything,
    )
    # who follows what is personal: only site administrators see it (and each follower, by their signed link)
    rule("notifications.Subscriber", group="follows__group", public=nothing, secretariat=nothing, multi_valued=True)
    rule("notifications.Follow", group="group", public=nothing, secretariat=nothing)
    through("notifications.Digest", "notifications.Subscriber", "subscriber")
    rule("notifications.Notice", group="group", public=nothing, secretariat=nothing)  # who was told: admins only
    # proceedings: minutes stay with the members; the public reads the readout the chair approved, the decisions
    # the chair disclosed and the speakers' list of open sessions; registrations are the secretariat's alone
    rule(
        "proceedings.Minutes",
        group="session__meeting__group",
        public=nothing,
        members=everything,
        lifecycle=("status", "approved_by", "approved_at"),
    )
    rule(
        "proceedings.Readout",
        group="session__meeting__group",
        public=_approved,
        members=everything,
        lifecycle=("status", "approved_by", "approved_at"),
    )
    rule(
        "proceedings.Decision",
        group="group",
        public=lambda p: Q(**{f"{p}disclosed": True}),
        members=everything,
        lifecycle=("disclosed", "disclosed_at"),
    )
    rule("proceedings.DecisionLink", group="decision__group", public=_public_decision_link, members=everything)
    rule("proceedings.Registration", group="session__meeting__group", public=nothing)
    rule("proceedings.SpeakerEntry", group="session__meeting__group", public=_open_session_entry, members=everything)
    rule("proceedings.Attendance", group="session__meeting__group", public=nothing, members=everything)
    # workspace: tasks are the members'; statements of interest public when the group so decided
    rule("workspace.Task", group="group", public=nothing, members=everything)
    rule(
        "workspace.StatementOfInterest",
        group="membership__group",
        public=lambda p: (
            Q(**{f"{p}membership__group__interests_policy": "public"}) & _not_demo(f"{p}membership__person__")
        ),
        members=everything,
    )
    rule("workspace.Assignment", group="group", public=_public_assignment, members=everything)
    # content in several languages: a translation is seen by whoever may see what it translates
    translations_of("groups.ContentTranslation", TRANSLATED_MODELS)
    through("drafting.ParagraphTranslation", "drafting.Paragraph", "source")


_register_rules()


def visible_aspect(label: str, user, queryset: models.QuerySet) -> models.QuerySet:
    """Objects of `queryset` whose part `label` (e.g. "meetings.SessionContent") this user may see."""
    return queryset.filter(_RULES[label].q(viewer_of(user)))


def events_visible(user, queryset: models.QuerySet) -> models.QuerySet:
    """The event trail: a group's secretariat reads its group's events; site administrators all of them."""
    viewer = viewer_of(user)
    if viewer.is_superuser:
        return queryset
    groups = apps.get_model("groups.WorkingGroup")._default_manager.filter(pk__in=sorted(viewer.secretariat))
    return queryset.filter(group_slug__in=groups.values("slug"))


def with_public_flag(model: type[models.Model] | str, queryset: models.QuerySet) -> models.QuerySet:
    """Annotate `is_public` from the same rule, for the badges that tell members what the public cannot see."""
    from django.db.models import BooleanField, ExpressionWrapper

    r = rule_for(model)
    return queryset.annotate(is_public=ExpressionWrapper(r.public(""), output_field=BooleanField()))
