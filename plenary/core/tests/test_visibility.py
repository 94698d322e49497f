"""The rules of core.visibility: their literals are real choices, every model that belongs to a group has one, and
for each kind and role the list and the single-object check agree."""

import pathlib
import re

import pytest
from django.apps import apps
from django.db.models import Q

from plenary import canary
from plenary.core import visibility

# Models that hold no record of a group's work, or hold one only through another object's rule.
NO_RULE = {
    "consultations.SearchEntry": "the search index: every hit is filtered through its source's rule",
    "consultations.ReferenceCounter": "a counter, never shown",
    "consultations.Tally": "counts of the public record only, kept by consultations.tallies",
    "analysis.SuggestionBatch": "a marker that a task is queued, never shown",
    "core.Event": "the trail: its own rule (events_visible), by group slug",
    "api.ApiToken": "site administrators only",
    "accounts.User": "accounts are the site administrators'; a person's public face is their membership",
}


def _leaves(q: Q):
    for child in q.children:
        if isinstance(child, Q):
            yield from _leaves(child)
        else:
            yield child


def _field_at(model, lookup: str):
    parts = lookup.split("__")
    if parts[-1] in {"in", "lte", "gte", "lt", "gt", "isnull", "exact"}:
        parts = parts[:-1]
    field = None
    for part in parts:
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if field.is_relation and part != parts[-1]:
            model = field.related_model
    return field


def test_every_literal_in_a_rule_is_a_real_choice():
    for label, rule in visibility.rules().items():
        model = apps.get_model(label) if label != "meetings.SessionContent" else apps.get_model("meetings.Session")
        conditions = [rule.public, rule.secretariat] + ([rule.members] if rule.members else [])
        for condition in conditions:
            for lookup, value in _leaves(condition("")):
                field = _field_at(model, lookup)
                if field.choices and isinstance(value, str | list):
                    values = value if isinstance(value, list) else [value]
                    allowed = {str(c[0]) for c in field.choices}
                    assert set(values) <= allowed, (label, lookup, values)


def test_every_model_of_a_group_has_a_rule():
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("plenary.") or label in NO_RULE:
            continue
        assert visibility.has_rule(model), f"{label} has no visibility rule in plenary/core/visibility.py"


def test_the_published_condition_is_written_once():
    """No app filters on the published status itself: they all ask core.visibility."""
    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"status(__in)?\s*=\s*(ContributionStatus\.PUBLISHED|\"published\")|status == \"published\"")
    offenders = []
    for path in root.rglob("*"):
        if path.suffix not in {".py", ".html"} or "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name in {"visibility.py", "canary.py"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "published_at=now if status" not in line:
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    # Writes that set the status (sample loaders, a comment submitted as published) are not reads.
    reads = [o for o in offenders if "status=ContributionStatus.PUBLISHED," not in o and "verb=" not in o]
    assert reads == []


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    import io

    from django.core.management import call_command
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("visibility-media")):
        yield canary.seed()
        call_command("flush", "--no-input", verbosity=0, stdout=io.StringIO())


KINDS = [
    "consultations.Contribution",
    "consultations.Attachment",
    "drafting.ParagraphComment",
    "drafting.Draft",
    "drafting.DraftVersion",
    "assessment.IssueAssessment",
    "assessment.Finding",
    "meetings.Document",
    "meetings.AgendaItem",
    "groups.NewsItem",
    "groups.Membership",
    "analysis.AnalysisRun",
    "analysis.AnalysisDecision",
    "reports.ReportBuild",
    "proceedings.Minutes",
    "proceedings.Decision",
    "proceedings.DecisionLink",
    "proceedings.Registration",
    "proceedings.SpeakerEntry",
    "proceedings.Attendance",
    "workspace.Task",
    "workspace.StatementOfInterest",
    "workspace.Assignment",
    # proceedings.Readout keeps the minutes it came from beside the text released: tested in proceedings' tests
]
ROLES = ["anonymous", "participant", "member", "chair", "secretariat", "other_member", "other_secretariat"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_lists_and_single_checks_agree_for_every_kind(_seeded, role):
    user = _seeded.users[role]
    for label in KINDS:
        model = apps.get_model(label)
        seen = set(visibility.visible(model, user).values_list("pk", flat=True))
        for obj in model._default_manager.all():
            assert visibility.can_see(user, obj) == (obj.pk in seen), (role, label, obj.pk)


def _marker_objects(model, marker: str):
    fields = [f.name for f in model._meta.fields if f.get_internal_type() in {"CharField", "TextField"}]
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__contains": marker})
    return model._default_manager.filter(q)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_levels(_seeded, role):
    user = _seeded.users[role]
    may_see = {
        "anonymous": {"PUB"},
        "participant": {"PUB"},
        "other_member": {"PUB"},
        "other_secretariat": {"PUB"},
        "member": {"PUB", "MEM"},
        "chair": {"PUB", "MEM"},
        "secretariat": {"PUB", "MEM", "SEC"},
    }[role]
    checked = 0
    for label in KINDS:
        model = apps.get_model(label)
        for level in ("PUB", "MEM", "SEC"):
            objects = _marker_objects(model, f"CNRY{level}")
            if label == "assessment.Finding" and level == "PUB":
                objects = objects.filter(assessment__status="released")
            for obj in objects:
                checked += 1
                assert visibility.can_see(user, obj) == (level in may_see), (role, label, level, str(obj))
    assert checked > 30
