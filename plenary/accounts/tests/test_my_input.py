"""An account holds its input: "My contributions and comments" lists what the person sent (by the account, or by
its e-mail once confirmed) and nobody else's, whatever their role; the profile pre-fills the forms; deleting the
account keeps the published record and removes the personal data."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from plenary.accounts.models import User
from plenary.accounts.services import account_delete, email_confirmation_send
from plenary.consultations.models import Contribution, ContributionStatus
from plenary.core import visibility
from plenary.core.models import Event
from plenary.drafting.models import Disposition, DraftStatus, ParagraphComment
from plenary.drafting.services import comment_dispose, comment_submit, draft_move
from plenary.drafting.tests.factories import (
    make_assessment,
    make_call,
    make_contribution,
    make_draft,
    make_issues,
    new_version,
    profile,
)
from plenary.notifications.models import Subscriber
from plenary.notifications.services import follow_request
from plenary.testing import ROLES, client_for


@pytest.fixture
def world(group, users):
    base = make_issues(group)
    call = make_call(group)
    draft = make_draft(group, slug="recs", title="DRAFTTITLE", status=DraftStatus.CONSULTATION)
    return {"call": call, "draft": draft, **base}


def _comment(draft, *, user=None, email, text, publish_name=True):
    key = draft.versions.order_by("-number").first().paragraphs.all()[1].key
    comment, _token = comment_submit(
        draft=draft, paragraph_key=key, text=text, profile=profile(email=email, publish_name=publish_name), user=user
    )
    return comment


def _confirm(user, django_capture_on_commit_callbacks) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        email_confirmation_send(user=user)
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    assert client_for(user).get(link).status_code == 302


def test_my_page_lists_my_input_with_its_disposition_and_where_it_was_used(
    world, group, users, django_capture_on_commit_callbacks
):
    me = users["participant"]
    contribution, _token = make_contribution(group, world["call"], title="MYCONTRIBUTION", email=me.email)
    Contribution.objects.filter(pk=contribution.pk).update(submitter_user=me)
    make_assessment(group, world["issues"]["dns"], world["principles"], released=True,
                    finding_title="CITINGFINDING", contributions=[contribution])  # fmt: skip
    draft = world["draft"]
    mine = _comment(draft, user=me, email=me.email, text="MYCOMMENT words")
    _comment(draft, email="someone.else@example.org", text="OTHERCOMMENT words")
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    v2 = new_version(draft, {1: "Changed."})
    comment_dispose(actor=users["secretariat"], comment=mine, disposition=Disposition.PARTLY,
                    reason="MYREASON", resulting_version=v2)  # fmt: skip

    page = client_for(me).get(reverse("accounts:mine"))
    body = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert "MYCOMMENT" in body and "Partly accepted" in body and "MYREASON" in body
    assert "MYCONTRIBUTION" in body and "CITINGFINDING" in body
    assert "OTHERCOMMENT" not in body
    assert Client().get(reverse("accounts:mine")).status_code == 302  # sign in first

    _confirm(me, django_capture_on_commit_callbacks)  # the account's own address: followed without a link
    me.refresh_from_db()
    follow_request(user=me, email=me.email, target=world["draft"], frequency="daily")
    body = client_for(me).get(reverse("accounts:mine")).content.decode()
    manage = re.search(r'href="(/subscriptions/[^"]+/)"', body).group(1)
    assert "DRAFTTITLE" in body and client_for(me).get(manage).status_code == 200


def test_input_sent_by_email_is_listed_only_once_the_address_is_confirmed(
    world, users, django_capture_on_commit_callbacks
):
    me = users["participant"]
    _comment(world["draft"], email=me.email.upper(), text="SENTWITHOUTSIGNINGIN")
    assert "SENTWITHOUTSIGNINGIN" not in client_for(me).get(reverse("accounts:mine")).content.decode()
    _confirm(me, django_capture_on_commit_callbacks)
    me.refresh_from_db()
    assert me.email_confirmed_at is not None
    assert "SENTWITHOUTSIGNINGIN" in client_for(me).get(reverse("accounts:mine")).content.decode()


@pytest.mark.parametrize("role", ROLES[1:])
def test_no_role_sees_anyone_elses_input_on_its_page(world, group, users, role):
    """The secretariat and site administrators included: their page is theirs, the others' input is not on it."""
    viewer = users[role]
    User.objects.filter(pk=viewer.pk).update(email_confirmed_at="2026-01-01T00:00Z")
    other = users["participant"] if role != "participant" else users["member"]
    make_contribution(group, world["call"], title="SOMEONEELSES", email=other.email, published=False)
    _comment(world["draft"], user=other, email=other.email, text="SOMEONEELSESCOMMENT")
    assert not visibility.sent_by(Contribution, viewer).exists()
    assert not visibility.sent_by(ParagraphComment, viewer).exists()
    body = client_for(viewer).get(reverse("accounts:mine")).content.decode()
    assert "SOMEONEELSES" not in body
    assert visibility.sent_by(Contribution, None).count() == 0


def test_a_new_private_link_only_for_my_own_input(world, users):
    other = _comment(world["draft"], email="someone.else@example.org", text="Not mine")
    url = reverse("accounts:my_link", args=["comment", other.pk])
    assert client_for(users["secretariat"]).post(url).status_code == 404
    assert client_for(users["participant"]).post(reverse("accounts:my_link", args=["nope", 1])).status_code == 404


def test_the_profile_prefills_the_forms_and_a_new_address_is_confirmed_again(
    world, group, users, sectors, django_capture_on_commit_callbacks
):
    me = users["participant"]
    client = client_for(me)
    _confirm(me, django_capture_on_commit_callbacks)
    data = {"display_name": "A new user", "email": "moved@example.org", "organisation": "An organisation",
            "country": "KE", "stakeholder_group": "civil-society", "publish_name": "on"}  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:profile"), data).status_code == 302
    me.refresh_from_db()
    assert me.email == "moved@example.org" and me.email_confirmed_at is None  # to be confirmed again
    assert mail.outbox[-1].to == ["moved@example.org"]
    key = world["draft"].versions.get().paragraphs.all()[1].key
    form = client.get(reverse("drafting:comment", args=[group.slug, world["draft"].slug, key])).content.decode()
    assert 'value="moved@example.org"' in form and 'value="An organisation"' in form
    assert re.search(r'<option value="civil-society"[^>]*selected', form)
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', form)


def test_deleting_the_account_keeps_the_record_and_removes_the_personal_data(
    world, group, users, django_capture_on_commit_callbacks
):
    me = User.objects.create_user("leaver", email="leaver@example.org", password="pw-123456", display_name="Lea")
    _confirm(me, django_capture_on_commit_callbacks)
    named = _comment(world["draft"], user=me, email=me.email, text="NAMEDCOMMENT", publish_name=True)
    anonymous, _token = make_contribution(group, world["call"], title="ANONCONTRIBUTION", email=me.email)
    Contribution.objects.filter(pk=anonymous.pk).update(publish_name=False, organisation="Private employer")
    follow_request(user=me, email=me.email, target=world["draft"], frequency="weekly")
    client = client_for(me)

    assert "cannot be undone" in client.get(reverse("accounts:delete")).content.decode()
    refused = client.post(reverse("accounts:delete"), {"password": "pw-123456"})  # no tick
    assert refused.status_code == 200 and User.objects.filter(pk=me.pk).exists()
    refused = client.post(reverse("accounts:delete"), {"password": "wrong", "confirmed": "on"})
    assert refused.status_code == 200 and User.objects.filter(pk=me.pk).exists()
    with pytest.raises(PermissionDenied):
        account_delete(actor=users["secretariat"], user=me, password="pw-123456", confirmed=True)
    with pytest.raises(ValidationError):  # a member's account holds a public record of its own: ask the secretariat
        account_delete(actor=users["member"], user=users["member"], password="pw-123456", confirmed=True)

    response = client.post(reverse("accounts:delete"), {"password": "pw-123456", "confirmed": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=me.pk).exists()
    named.refresh_from_db()
    anonymous.refresh_from_db()
    assert named.submitter_email == "" and named.submitter_user is None
    assert named.submitter_name == profile()["submitter_name"]  # published with consent: the record keeps it
    assert anonymous.submitter_email == "" and anonymous.submitter_name == "" and anonymous.organisation == ""
    assert anonymous.status == ContributionStatus.PUBLISHED
    assert Client().get(anonymous.get_absolute_url()).status_code == 200  # the public record stays
    assert not Subscriber.objects.filter(email="leaver@example.org").exists()
    erased = Event.objects.filter(verb="erased")
    assert erased.filter(target_id=str(me.pk), target_label=f"deleted-account-{me.pk}").exists()
    assert erased.filter(target_id=str(named.pk)).exists() and erased.filter(target_id=str(anonymous.pk)).exists()
    assert not Event.objects.filter(note__icontains="leaver@example.org").exists()
