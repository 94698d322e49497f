"""The back office asks core.visibility too: every registered ModelAdmin is walked as another group's secretariat
(lists, change pages, add forms and the choices of every related field), and writes go through the services."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from plenary import canary
from plenary.core import visibility
from plenary.core.models import Event

# Admins that only site administrators open, each with the reason; every other one must be scoped by a rule.
SUPERUSER_ONLY = {
    "api.ApiToken": "tokens are handed out by site administrators",
    "accounts.User": "accounts are the site administrators'; the secretariat finds one by exact name or e-mail",
    "auth.Group": "Django's permission groups",
    "axes.AccessAttempt": "sign-in attempts and lock-outs: site administrators only",
    "axes.AccessFailureLog": "sign-in failures: site administrators only",
    "axes.AccessLog": "sign-ins: site administrators only",
    "django_tasks_database.DBTaskResult": "the task queue: site administrators only",
}
EVENT_TRAIL = "core.Event"  # scoped by its group slug (visibility.events_visible)
MARKERS = ("CNRY", canary.PRIVATE_EMAIL)


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("admin-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        yield canary.seed(), media
        call_command("flush", "--no-input", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def world(_seeded, settings, db):
    seeded, media = _seeded
    settings.MEDIA_ROOT = media
    return seeded


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _group_a_objects(model, world) -> list[models.Model]:
    rule = visibility.rule_for(model)
    if rule.group is None:
        return []
    lookup = rule.group_lookup()
    return list(model._default_manager.filter(**{lookup: world.group.pk}).distinct()[:20])


def _choice_fields(context) -> list:
    fields = []
    form = context.get("adminform")
    if form is not None:
        fields += list(form.form.fields.values())
    for inline in context.get("inline_admin_formsets", []):
        pk_name = inline.formset.model._meta.pk.name  # a row's own hidden key, checked by the service on save
        for child in [*inline.formset.forms, inline.formset.empty_form]:
            fields += [f for name, f in child.fields.items() if name != pk_name]
    return [f for f in fields if hasattr(f, "queryset")]


def test_every_model_admin_is_scoped_through_a_rule(world):
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label in SUPERUSER_ONLY or label == EVENT_TRAIL:
            continue
        assert visibility.has_rule(model), f"{label} has an admin but no visibility rule"
        assert hasattr(model_admin, "get_queryset") and "GroupScopedAdminMixin" in {
            k.__name__ for k in type(model_admin).__mro__
        }, f"{label}'s admin is not scoped through core.visibility"


@pytest.mark.django_db
def test_another_groups_secretariat_finds_nothing_of_this_group_in_the_back_office(world):
    intruder = _client(world.users["other_secretariat"])
    for model, _model_admin in admin.site._registry.items():
        label = model._meta.label
        changelist = intruder.get(_admin_url(model, "changelist"))
        body = changelist.content.decode()
        if label in SUPERUSER_ONLY:
            assert changelist.status_code in (302, 403), label
            continue
        assert changelist.status_code == 200, label
        assert not any(marker in body for marker in MARKERS), label
        if label == EVENT_TRAIL:
            continue
        for obj in _group_a_objects(model, world):
            try:
                page = intruder.get(_admin_url(model, "change", obj.pk))
            except NoReverseMatch:
                continue
            assert page.status_code in (302, 403, 404), (label, obj.pk, page.status_code)
            assert not any(marker in page.content.decode() for marker in MARKERS), (label, obj.pk)
        add = intruder.get(_admin_url(model, "add"))
        if add.status_code != 200:
            continue
        for field in _choice_fields(add.context):
            for choice in field.queryset:
                if visibility.has_rule(type(choice)) and visibility.rule_for(type(choice)).group is not None:
                    assert visibility.group_of(choice) != world.group, (label, type(choice).__name__, choice)


@pytest.mark.django_db
def test_the_groups_own_secretariat_does_see_its_records(world):
    from plenary.consultations.models import Contribution

    own = _client(world.users["secretariat"])
    body = own.get(_admin_url(Contribution, "changelist") + "?status__exact=received").content.decode()
    assert "CNRYSECRECEIVED" in body


@pytest.mark.django_db
def test_another_groups_secretariat_cannot_write_into_this_groups_record(world):
    from plenary.assessment.models import Finding, IssueAssessment
    from plenary.groups.models import Milestone

    intruder = _client(world.users["other_secretariat"])
    released = IssueAssessment.objects.get(group=world.group, status="released")
    before = Finding.objects.count()
    response = intruder.post(
        _admin_url(Finding, "add"),
        {"assessment": released.pk, "number": 9, "title": "Planted", "text": "Planted finding."},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert Finding.objects.count() == before
    milestone = Milestone.objects.create(
        group=world.group, title="Summit", kind="summit", starts_on="2005-11-16", ends_on="2005-11-18"
    )
    intruder.post(
        _admin_url(Milestone, "change", milestone.pk),
        {
            "group": world.other.pk,
            "title": "Moved",
            "kind": "summit",
            "starts_on": "2005-11-16",
            "ends_on": "2005-11-18",
        },
    )
    milestone.refresh_from_db()
    assert milestone.title == "Summit" and milestone.group == world.group


@pytest.mark.django_db
def test_accounts_are_found_by_exact_name_only_and_show_no_email(world):
    intruder = _client(world.users["other_secretariat"])
    assert intruder.get("/admin/accounts/user/").status_code == 403
    url = "/admin/autocomplete/?app_label=groups&model_name=person&field_name=user"
    browse = intruder.get(url + "&term=m").json()
    assert browse["results"] == []
    exact = intruder.get(url + "&term=member").content.decode()
    assert "member" in exact and "@example.org" not in exact


def _formset_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _form_data(response) -> dict:
    form = response.context["adminform"].form
    data = {}
    for name, _field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    return data


@pytest.mark.django_db
def test_inline_and_many_to_many_edits_go_on_the_trail_with_from_and_to(world):
    from plenary.assessment.models import Finding
    from plenary.consultations.models import Contribution
    from plenary.meetings.models import Meeting, Session

    own = _client(world.users["secretariat"])
    meeting = Meeting.objects.get(group=world.group)
    url = _admin_url(Meeting, "change", meeting.pk)
    data = _form_data(own.get(url))
    sessions = list(meeting.sessions.all())
    data.update(_formset_management("sessions", total=len(sessions) + 1, initial=len(sessions)))
    data.update(_formset_management("documents", total=0, initial=0))
    for i, session in enumerate(sessions):
        data.update(
            {
                f"sessions-{i}-id": session.pk,
                f"sessions-{i}-meeting": meeting.pk,
                f"sessions-{i}-date": session.date.isoformat(),
                f"sessions-{i}-title": session.title,
                f"sessions-{i}-kind": session.kind,
                f"sessions-{i}-order": session.order,
                f"sessions-{i}-summary": session.summary,
            }
        )
    n = len(sessions)
    data.update(
        {
            f"sessions-{n}-meeting": meeting.pk,
            f"sessions-{n}-date": "2005-04-20",
            f"sessions-{n}-title": "Added in the back office",
            f"sessions-{n}-kind": "closed",
            f"sessions-{n}-order": 5,
        }
    )
    response = own.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Session.objects.get(title="Added in the back office")
    event = Event.objects.for_object(added).get()
    assert event.verb == "created" and event.group_slug == world.group.slug

    finding = Finding.objects.get(title="CNRYPUBFINDING")
    published = Contribution.objects.get(title__startswith="CNRYPUBOTHER")
    url = _admin_url(Finding, "change", finding.pk)
    data = _form_data(own.get(url))
    before = sorted(str(c) for c in finding.contributions.all())
    data["contributions"] = [*data["contributions"], str(published.pk)]
    assert own.post(url, data).status_code == 302
    event = Event.objects.for_object(finding).filter(verb="changed").first()
    assert event.changes["contributions"][0] == before
    assert str(published) in event.changes["contributions"][1]


@pytest.mark.django_db
def test_lifecycle_fields_change_only_through_their_steps(world):
    from plenary.assessment.models import IssueAssessment
    from plenary.consultations.models import Call

    own = _client(world.users["secretariat"])
    call = Call.objects.get(group=world.group, slug="open")
    page = own.get(_admin_url(Call, "change", call.pk))
    assert "closes_at" not in page.context["adminform"].form.fields
    response = own.post(
        _admin_url(Call, "changelist"),
        {
            "action": "extend_calls",
            "_selected_action": [call.pk],
            "apply": "1",
            "closes_at": (call.closes_at.replace(year=call.closes_at.year + 1)).strftime("%Y-%m-%d %H:%M:%S"),
            "reason": "More time for the regions.",
        },
    )
    assert response.status_code == 302
    assert Event.objects.for_object(call).filter(verb="extended").exists()
    working = IssueAssessment.objects.get(group=world.group, status="working")
    assert "status" not in own.get(_admin_url(IssueAssessment, "change", working.pk)).context["adminform"].form.fields
    own.post(_admin_url(IssueAssessment, "changelist"), {"action": "release", "_selected_action": [working.pk]})
    working.refresh_from_db()
    assert working.status == "working"  # the action calls the service, and the chair releases, not the secretariat
    assert not Event.objects.for_object(working).filter(verb="released").exists()
    from plenary.assessment.services import assessment_release

    assessment_release(actor=world.users["chair"], assessment=working)
    working.refresh_from_db()
    assert working.status == "released"
    assert Event.objects.for_object(working).filter(verb="released").exists()
