"""Every e-mail the site sends, sent as a new user's actions send it, and every link in each one followed.

A link in an e-mail is the loop's last step: it must open on the site's configured address (not the host the
request came by, not 127.0.0.1:8000) and answer. The test drives the forms and services, runs the task worker's
queue (the immediate backend, on commit), and reads what the mail backend received.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from plenary.accounts.models import User
from plenary.assessment.services import assessment_release, finding_save
from plenary.consultations.models import Contribution, ContributionStatus
from plenary.consultations.services import contribution_publish
from plenary.drafting.models import Disposition, DraftStatus, ParagraphComment
from plenary.drafting.services import comment_dispose, comment_moderate, draft_move, draft_save
from plenary.drafting.tests.factories import make_assessment, make_call, make_draft, make_issues, new_version
from plenary.notifications.models import Notice
from plenary.notifications.services import digests_send

SITE = "http://plenary.example.org:8123"
LINK = re.compile(r"https?://[^\s<>]+")


def _links(message) -> list[str]:
    links = LINK.findall(message.body)
    links += [value.strip("<>") for name, value in message.extra_headers.items() if name == "List-Unsubscribe"]
    return [link.rstrip(".,)") for link in links if "/" in link.split("://", 1)[1]]  # a path, not the site's name


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1].split("#", 1)[0]


@pytest.fixture
def world(group, users, settings):
    settings.SITE_URL = SITE
    base = make_issues(group)
    call = make_call(group)
    draft = make_draft(group, slug="recs", title="FOLLOWEDDRAFT", status=DraftStatus.CONSULTATION)
    return {"call": call, "draft": draft, **base}


def send_every_email(world, group, users, sent, person: Client, new_client=Client) -> dict:
    """Drive every action that sends an e-mail, as a new user and the secretariat do (`sent` runs the worker's
    queue on commit); mail.outbox then holds the e-mails, and what they are about is returned. `new_client` makes
    the browser of anyone else (a follower, someone who forgot a password)."""
    call, draft, secretariat = world["call"], world["draft"], users["secretariat"]

    # A new user signs up and confirms the address, follows the draft (no confirmation: their own address)...
    signup = {"username": "newuser", "email": "new.user@example.org", "display_name": "A new user"}
    signup |= {"password1": "a-long-pass-4471", "password2": "a-long-pass-4471"}
    with sent(execute=True):
        assert person.post(reverse("accounts:signup"), signup).status_code == 302
    user = User.objects.get(username="newuser")
    (welcome,) = mail.outbox
    assert person.get(_path(_links(welcome)[0])).status_code == 302  # the account's address is confirmed
    # ...someone else follows it by e-mail (confirm e-mail)...
    follow = reverse("notifications:follow", args=[group.slug, "draft", draft.pk])
    with sent(execute=True):
        new_client().post(follow, {"email": "follower@example.org", "frequency": "weekly"})
        person.post(follow, {"email": "new.user@example.org", "frequency": "weekly"})
    # ...the new user sends a contribution and a paragraph comment through the forms (two receipts)...
    submit = reverse("consultations:submit", args=[group.slug, call.slug])
    form = person.get(submit).content.decode()
    key_field = re.search(r'name="idempotency_key" value="([^"]+)"', form)
    data = {"submitter_name": "A new user", "submitter_email": "new.user@example.org", "on_behalf_of": "self"}
    data |= {"publish_name": "no", "kind": "comment", "title": "CONTRIBUTIONTITLE", "text": "Words.", "consent": "on"}
    data |= {"website": "", "idempotency_key": key_field.group(1) if key_field else ""}
    with sent(execute=True):
        assert person.post(submit, data).status_code == 302
    contribution = Contribution.objects.get(title="CONTRIBUTIONTITLE")
    paragraph = draft.versions.get().paragraphs.all()[1]
    comment_data = {"text": "Please say numbers too.", "submitter_name": "A new user", "on_behalf_of": "self"}
    comment_data |= {"submitter_email": "new.user@example.org", "publish_name": "yes", "country": "KE", "consent": "on"}
    with sent(execute=True):
        url = reverse("drafting:comment", args=[group.slug, draft.slug, paragraph.key])
        assert person.post(url, comment_data).status_code == 302
    comment = ParagraphComment.objects.get()
    from plenary.drafting.tests.factories import make_comment

    other_comment, _token = make_comment(draft, paragraph.key, email="new.user@example.org", published=False)
    # ...the secretariat publishes both (two decisions), a finding and a recommendation cite the contribution
    # (two citations), the draft is revised and the comment disposed (disposition), the weekly digest goes out...
    with sent(execute=True):
        contribution_publish(actor=secretariat, contribution=contribution)
        comment_moderate(actor=secretariat, comment=comment, status=ContributionStatus.PUBLISHED)
    with sent(execute=True):
        issue = world["issues"]["dns"]
        _assessment, finding = make_assessment(group, issue, world["principles"], released=False)
        finding_save(actor=None, assessment=finding.assessment, number=finding.number, title=finding.title,
                     text=finding.text, contributions=[contribution])  # fmt: skip
        assessment_release(actor=None, assessment=finding.assessment)
        draft_save(actor=None, group=group, slug=draft.slug, contributions=[contribution])
    with sent(execute=True):
        draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
        v2 = new_version(draft, {1: "Changed after the consultation."})
        comment_dispose(actor=secretariat, comment=comment, disposition=Disposition.ACCEPTED,
                        reason="DISPOSITIONREASON", resulting_version=v2)  # fmt: skip
    confirm = next(m for m in mail.outbox if m.to == ["follower@example.org"])
    with sent(execute=True):
        assert new_client().get(_path(_links(confirm)[0])).status_code == 302  # the follow is confirmed
    with sent(execute=True):
        assert digests_send() == 2  # the follower and the new user, one digest each
    # ...a second contribution and a second comment are not published (two decisions with the reason)...
    from plenary.consultations.services import contribution_reject
    from plenary.drafting.tests.factories import make_contribution

    second, _token = make_contribution(group, call, title="SECOND", email="new.user@example.org", published=False)
    with sent(execute=True):
        contribution_reject(actor=secretariat, contribution=second, reason="REJECTIONREASON")
        comment_moderate(actor=secretariat, comment=other_comment, status=ContributionStatus.REJECTED,
                         reason="REJECTIONREASON")  # fmt: skip
    # ...the new user asks for a password reset.
    with sent(execute=True):
        new_client().post(reverse("accounts:password_reset"), {"email": "new.user@example.org"})

    return {"user": user, "contribution": contribution, "comment": comment, "second": second,
            "other_comment": other_comment}  # fmt: skip


def test_every_email_opens_on_the_configured_address(world, group, users, django_capture_on_commit_callbacks):
    person = Client(HTTP_HOST="another-name.example.net")  # the request's host must never leak into a link
    about = send_every_email(world, group, users, django_capture_on_commit_callbacks, person)
    user, contribution, comment = about["user"], about["contribution"], about["comment"]
    second, other_comment = about["second"], about["other_comment"]
    sent = django_capture_on_commit_callbacks
    subjects = [m.subject for m in mail.outbox]
    expected = [
        "Confirm your e-mail address",
        "Confirm that you want to follow",
        f"Your contribution {contribution.reference}",
        f"Your comment {comment.reference}",
        f"Your contribution {contribution.reference} is published",
        f"Your comment {comment.reference} is published",
        f"Your contribution {second.reference} was not published",
        f"Your comment {other_comment.reference} was not published",
        f"Your contribution {contribution.reference} is cited",
        f"What became of your comment {comment.reference}",
        "What is new on what you follow",
        "Password reset",
    ]
    for start in expected:
        assert any(s.startswith(start) for s in subjects), (start, subjects)
    assert sum(s.endswith("is cited") for s in subjects) == 2  # the finding and the recommendation

    disposition = next(m for m in mail.outbox if m.subject.startswith("What became"))
    assert "Accepted" in disposition.body and "DISPOSITIONREASON" in disposition.body
    assert "version 2" in disposition.body
    receipt = next(m for m in mail.outbox if m.subject == f"Your comment {comment.reference}")
    assert comment.reference in receipt.body and "You agreed to publish your name" in receipt.body
    digest = next(m for m in mail.outbox if m.subject.startswith("What is new") and m.to == ["follower@example.org"])
    assert "new version saved" in digest.body and "disposition given" in digest.body, digest.body

    followed = 0
    for message in mail.outbox:
        links = _links(message)
        assert links, message.subject
        for link in links:
            assert link.startswith(SITE + "/"), (message.subject, link)
            assert "127.0.0.1" not in link and "another-name" not in link
            reader = Client()  # whoever reads the e-mail, signed in or not
            response = reader.get(_path(link))
            assert response.status_code in (200, 302), (message.subject, link, response.status_code)
            if response.status_code == 302:
                assert not response["Location"].startswith("http") or response["Location"].startswith(SITE)
            followed += 1
    assert followed >= 20
    person.force_login(user)
    mine = person.get(_path(SITE + reverse("accounts:mine")))
    assert mine.status_code == 200 and comment.reference in mine.content.decode()

    # A new private link, asked for on "My contributions": the old one stops working, the new one opens.
    old = next(link for link in _links(receipt) if "/comment-receipt/" in link)
    mail.outbox.clear()
    with sent(execute=True):
        assert person.post(reverse("accounts:my_link", args=["comment", comment.pk])).status_code == 302
    (renewed,) = mail.outbox
    assert renewed.subject.startswith("A new private link to") and renewed.to == ["new.user@example.org"]
    (new,) = _links(renewed)
    assert new.startswith(SITE + "/") and new != old
    assert Client().get(_path(new)).status_code == 200
    assert Client().get(_path(old)).status_code == 404


def test_each_event_is_told_once(world, group, users, django_capture_on_commit_callbacks):
    """A retry, a second save of the same citation or a second release sends nothing more."""
    call, draft, secretariat = world["call"], world["draft"], users["secretariat"]
    from plenary.drafting.tests.factories import make_comment, make_contribution

    contribution, _token = make_contribution(group, call)
    with django_capture_on_commit_callbacks(execute=True):
        make_assessment(group, world["issues"]["dns"], world["principles"], released=True,
                        contributions=[contribution])  # fmt: skip
    assert len(mail.outbox) == 1
    finding = contribution.findings.get()
    with django_capture_on_commit_callbacks(execute=True):
        finding_save(actor=None, assessment=finding.assessment, number=finding.number, title="Retitled",
                     text=finding.text, contributions=[contribution])  # fmt: skip
        assessment_release(actor=None, assessment=finding.assessment, release=False)
        assessment_release(actor=None, assessment=finding.assessment)
    assert len(mail.outbox) == 1

    comment, _token = make_comment(draft, draft.versions.get().paragraphs.all()[1].key)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            comment_dispose(actor=secretariat, comment=comment, disposition=Disposition.NOTED, reason="Noted.")
    assert len(mail.outbox) == 1  # the same disposition again is no new event
    with django_capture_on_commit_callbacks(execute=True):
        comment_dispose(actor=secretariat, comment=comment, disposition=Disposition.PARTLY, reason="Partly.")
    assert len(mail.outbox) == 2  # a changed disposition is told
    kinds = sorted(Notice.objects.values_list("kind", flat=True))
    assert kinds == ["cited", "disposition", "disposition", "receipt"]
    from plenary.core.models import Event

    assert Event.objects.filter(verb="notified").count() == 4


def test_nothing_is_told_about_what_the_public_cannot_read(world, group, django_capture_on_commit_callbacks):
    """A citation in an unreleased assessment or an internal draft stays unsaid until it is public."""
    from plenary.drafting.tests.factories import make_contribution

    contribution, _token = make_contribution(group, world["call"])
    with django_capture_on_commit_callbacks(execute=True):
        make_assessment(group, world["issues"]["dns"], world["principles"], released=False,
                        contributions=[contribution])  # fmt: skip
        internal = make_draft(group, slug="inside", title="Inside", contributions=[contribution])
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        draft_move(actor=None, draft=internal, to=DraftStatus.CONSULTATION, opens_at=world["call"].opens_at,
                   closes_at=world["call"].closes_at, check_permission=False)  # fmt: skip
    assert [m.subject for m in mail.outbox] == [f"Your contribution {contribution.reference} is cited"]


def test_feeds_exports_calendar_and_api_link_to_the_configured_address(world, group, meeting, client):
    from plenary.drafting.tests.factories import make_contribution

    make_contribution(group, world["call"])
    host = {"HTTP_HOST": "another-name.example.net"}
    pages = [
        reverse("consultations:feed", args=[group.slug]),
        reverse("drafting:feed", args=[group.slug]),
        reverse("consultations:export_csv", args=[group.slug]),
        reverse("meetings:calendar", args=[group.slug]),
        f"/api/v1/groups/{group.slug}/drafts",
    ]
    for page in pages:
        response = client.get(page, **host)
        assert response.status_code == 200, page
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        links = [link for link in LINK.findall(text) if f"/{group.slug}/" in link]
        assert links, page
        assert all(link.startswith(SITE + "/") for link in links), (page, links[:3])
        assert "another-name" not in text


def test_a_contribution_cited_before_it_was_published_is_told_when_it_is(
    world, group, users, django_capture_on_commit_callbacks
):
    from plenary.drafting.tests.factories import make_contribution

    contribution, _token = make_contribution(group, world["call"], published=False)
    with django_capture_on_commit_callbacks(execute=True):
        make_assessment(group, world["issues"]["dns"], world["principles"], released=True,
                        contributions=[contribution])  # fmt: skip
        draft_save(actor=None, group=group, slug=world["draft"].slug, contributions=[contribution])
    assert not mail.outbox  # not public yet: nothing said
    with django_capture_on_commit_callbacks(execute=True):
        contribution_publish(actor=users["secretariat"], contribution=contribution)
    subjects = sorted(m.subject for m in mail.outbox)
    reference = contribution.reference
    assert subjects == [f"Your contribution {reference} is cited"] * 2 + [f"Your contribution {reference} is published"]


MAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@pytest.mark.parametrize("language", ["fr", "es", "ru", "zh-hans", "ar"])
def test_every_email_speaks_the_language_it_was_sent_in(
    world, group, users, django_capture_on_commit_callbacks, language
):
    """The same e-mails, sent while the new user (and the secretariat) use `language`: neither subject nor body
    holds English, apart from what people wrote (read from the database), addresses and links."""
    from django.utils import translation

    from .english import english_in, stored_content, without_content

    def browser() -> Client:
        client = Client()
        client.cookies["django_language"] = language  # as the site's language switcher leaves it
        return client

    with translation.override(language):
        send_every_email(world, group, users, django_capture_on_commit_callbacks, browser(), new_client=browser)
    assert len(mail.outbox) >= 12
    content = stored_content()
    corpus = "\n".join(content)
    english = []
    for message in mail.outbox:
        for line in [message.subject, *message.body.splitlines()]:
            line = MAIL_ADDRESS.sub(" ", LINK.sub(" ", line)).replace("testserver", " ")  # the test client's host
            rest = without_content(" ".join(line.split()), content, corpus)
            if rest and re.search(r"[^\W\d_]", rest) and (why := english_in(language, rest)):
                english.append(f"{message.subject[:40]}: “{rest[:100]}” ({why})")
    assert not english, f"{len(english)} English lines in {language} e-mails:\n" + "\n".join(dict.fromkeys(english))


@pytest.mark.parametrize(("sender", "actor"), [("fr", "en"), ("ar", "ru"), ("en", "zh-hans")])
def test_later_emails_speak_the_sender_s_language_not_the_secretariat_s(
    world, group, users, django_capture_on_commit_callbacks, sender, actor
):
    """A contribution and a comment sent in one language: the decision, the citation and the disposition, which
    the secretariat gives while working in another language, reach the sender in the sender's own."""
    from django.utils import translation
    from django.utils.translation import gettext

    call, draft, secretariat = world["call"], world["draft"], users["secretariat"]
    sent = django_capture_on_commit_callbacks
    person = Client()
    person.cookies["django_language"] = sender
    submit = reverse("consultations:submit", args=[group.slug, call.slug])
    form = person.get(submit).content.decode()
    key_field = re.search(r'name="idempotency_key" value="([^"]+)"', form)
    data = {"submitter_name": "A new user", "submitter_email": "new.user@example.org", "on_behalf_of": "self"}
    data |= {"publish_name": "no", "kind": "comment", "title": "LANGTITLE", "text": "Words.", "consent": "on"}
    data |= {"website": "", "idempotency_key": key_field.group(1) if key_field else ""}
    with sent(execute=True):
        assert person.post(submit, data).status_code == 302
    paragraph = draft.versions.get().paragraphs.all()[1]
    comment_data = {"text": "Please say numbers too.", "submitter_name": "A new user", "on_behalf_of": "self"}
    comment_data |= {"submitter_email": "new.user@example.org", "publish_name": "yes", "country": "KE", "consent": "on"}
    with sent(execute=True):
        url = reverse("drafting:comment", args=[group.slug, draft.slug, paragraph.key])
        assert person.post(url, comment_data).status_code == 302
    contribution = Contribution.objects.get(title="LANGTITLE")
    comment = ParagraphComment.objects.get()
    assert (contribution.mail_language, comment.mail_language) == (sender, sender)

    mail.outbox.clear()
    with translation.override(actor), sent(execute=True):  # the secretariat works in its own language
        contribution_publish(actor=secretariat, contribution=contribution)
        comment_moderate(actor=secretariat, comment=comment, status=ContributionStatus.PUBLISHED)
    with translation.override(actor), sent(execute=True):
        _assessment, finding = make_assessment(group, world["issues"]["dns"], world["principles"], released=False)
        finding_save(actor=None, assessment=finding.assessment, number=finding.number, title=finding.title,
                     text=finding.text, contributions=[contribution])  # fmt: skip
        assessment_release(actor=None, assessment=finding.assessment)
    with translation.override(actor), sent(execute=True):
        moved = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
        v2 = new_version(moved, {1: "Changed after the consultation."})
        comment_dispose(actor=secretariat, comment=comment, disposition=Disposition.ACCEPTED,
                        reason="DISPOSITIONREASON", resulting_version=v2)  # fmt: skip

    def said(language: str, text: str, **values) -> str:
        with translation.override(language):
            return gettext(text) % values

    expected = [
        said(sender, "Your contribution %(reference)s is published", reference=contribution.reference),
        said(sender, "Your comment %(reference)s is published", reference=comment.reference),
        said(sender, "Your contribution %(reference)s is cited", reference=contribution.reference),
        said(sender, "What became of your comment %(reference)s", reference=comment.reference),
    ]
    subjects = [m.subject for m in mail.outbox if m.to == ["new.user@example.org"]]
    assert sorted(subjects) == sorted(expected)
    if sender != actor:  # and not in the actor's language
        assert said(actor, "Your contribution %(reference)s is published", reference=contribution.reference) not in (
            subjects
        )
    disposition = next(m for m in mail.outbox if m.subject == expected[3])
    with translation.override(sender):
        assert str(Disposition.ACCEPTED.label) in disposition.body
