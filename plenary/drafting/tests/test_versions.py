"""Versions are immutable; saving makes a new one; paragraphs keep their keys; diffs are word-level."""

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plenary.core.models import Event
from plenary.drafting.diff import Para, diff_paragraphs, word_diff_html
from plenary.drafting.models import DraftStatus, DraftVersion, ImmutableError, Paragraph
from plenary.drafting.services import ParagraphInput, draft_version_create

from .factories import make_draft, new_version


@pytest.fixture
def draft(group):
    return make_draft(group)


def test_a_saved_version_cannot_be_changed_in_place(draft):
    version = draft.versions.get()
    paragraph = version.paragraphs.first()
    version.note = "rewritten"
    with pytest.raises(ImmutableError):
        version.save()
    paragraph.text = "rewritten"
    with pytest.raises(ImmutableError):
        paragraph.save()
    with pytest.raises(ImmutableError):
        Paragraph.objects.filter(version=version).update(text="rewritten")
    with pytest.raises(ImmutableError):
        DraftVersion.objects.filter(pk=version.pk).update(note="rewritten")
    with pytest.raises(ImmutableError):
        paragraph.delete()
    with pytest.raises(ImmutableError):
        Paragraph.objects.filter(version=version).delete()
    assert Paragraph.objects.get(pk=paragraph.pk).text != "rewritten"


def test_saving_makes_a_new_version_and_keeps_keys(draft):
    v1 = draft.versions.get()
    keys = [p.key for p in v1.paragraphs.all()]
    v2 = new_version(
        draft, {2: "The second paragraph about names, numbers and protocols."}, add="A new first paragraph."
    )
    assert v2.number == 2
    v2_keys = [p.key for p in v2.paragraphs.all()]
    assert v2_keys[1:] == keys
    assert v2_keys[0] not in keys
    assert [p.text for p in v1.paragraphs.all()][2] == "The second paragraph about names and numbers."
    # Numbering: sections 1, 2; paragraphs run on through the document.
    assert [p.number for p in v2.paragraphs.all()] == ["1", "1", "2", "3", "2", "4"]
    assert Event.objects.filter(verb="version_saved", target_id=str(draft.pk)).count() == 2


def test_unknown_or_repeated_keys_are_refused(draft):
    with pytest.raises(ValidationError):
        draft_version_create(
            actor=None, draft=draft, paragraphs=[ParagraphInput("paragraph", "x", "nope")], check_permission=False
        )
    key = draft.versions.get().paragraphs.first().key
    with pytest.raises(ValidationError):
        draft_version_create(
            actor=None,
            draft=draft,
            paragraphs=[ParagraphInput("paragraph", "x", key), ParagraphInput("paragraph", "y", key)],
            check_permission=False,
        )


def test_word_diff_marks_insertions_and_deletions():
    html = word_diff_html("Countries should adopt laws <b>", "Countries must adopt strong laws <b>")
    assert "<del>should</del>" in html
    assert "<ins>must</ins>" in html
    assert "<ins>strong </ins>" in html or "<ins>strong</ins>" in html
    assert "&lt;b&gt;" in html


def test_diff_aligns_by_key_and_shows_added_and_removed():
    old = [
        Para("a", "1", "paragraph", "One."),
        Para("b", "2", "paragraph", "Two words."),
        Para("c", "3", "paragraph", "Gone."),
    ]
    new = [
        Para("n", "1", "paragraph", "New."),
        Para("a", "2", "paragraph", "One."),
        Para("b", "3", "paragraph", "Two more words."),
    ]
    rows = diff_paragraphs(old, new)
    assert [(r.key, r.state) for r in rows] == [("n", "added"), ("a", "same"), ("b", "changed"), ("c", "removed")]
    assert "<ins>more </ins>" in rows[2].html


def test_diff_of_a_long_draft_is_fast():
    words = " ".join(f"word{i}" for i in range(120))
    old = [Para(f"k{i}", str(i), "paragraph", f"{words} {i}") for i in range(400)]
    new = [
        Para(f"k{i}", str(i), "paragraph", f"{words} changed {i}" if i % 3 == 0 else f"{words} {i}") for i in range(400)
    ]
    started = time.perf_counter()
    rows = diff_paragraphs(old, new)
    assert time.perf_counter() - started < 2
    assert sum(r.state == "changed" for r in rows) == 134


def test_compare_page_shows_ins_and_del(client, group, draft):
    draft = draft_move_to_public(draft)
    new_version(draft, {4: "Countries must adopt laws against spam."})
    response = client.get(reverse("drafting:compare", args=[group.slug, draft.slug]) + "?from=1&to=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<del>should</del>" in body
    assert "<ins>must</ins>" in body


def draft_move_to_public(draft):
    import datetime as dt

    from django.utils import timezone

    from plenary.drafting.services import draft_move

    now = timezone.now()
    return draft_move(
        actor=None,
        draft=draft,
        to=DraftStatus.CONSULTATION,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        check_permission=False,
    )


@pytest.mark.parametrize(
    "role", ["anonymous", "participant", "member", "chair", "secretariat", "other_group_secretariat"]
)
def test_who_may_edit_in_the_browser(role, clients, users, group, draft):
    url = reverse("drafting:edit", args=[group.slug, draft.slug])
    response = clients[role].get(url)
    may = role in {"member", "chair", "secretariat"}
    assert response.status_code == (200 if may else 404)
    if not may:
        with pytest.raises(PermissionDenied):
            draft_version_create(actor=users[role], draft=draft, paragraphs=[ParagraphInput("paragraph", "x")])


def test_browser_edit_saves_a_new_version(clients, group, draft):
    v1 = draft.versions.get()
    paragraphs = list(v1.paragraphs.all())
    data = {
        "form-TOTAL_FORMS": str(len(paragraphs) + 1),
        "form-INITIAL_FORMS": str(len(paragraphs)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "2000",
        "note": "Tightened",
    }
    for i, p in enumerate(paragraphs):
        data.update(
            {f"form-{i}-key": p.key, f"form-{i}-kind": p.kind, f"form-{i}-text": p.text, f"form-{i}-ORDER": str(i + 1)}
        )
    data[f"form-{4}-text"] = "Countries must adopt laws against spam."
    data["form-1-DELETE"] = "on"
    n = len(paragraphs)
    data.update(
        {
            f"form-{n}-key": "",
            f"form-{n}-kind": "paragraph",
            f"form-{n}-text": "An added paragraph.",
            f"form-{n}-ORDER": "0",
        }
    )
    response = clients["member"].post(reverse("drafting:edit", args=[group.slug, draft.slug]), data)
    assert response.status_code == 302
    v2 = draft.versions.get(number=2)
    texts = [p.text for p in v2.paragraphs.all()]
    assert texts[0] == "An added paragraph."
    assert "The first paragraph about oversight." not in texts
    assert "Countries must adopt laws against spam." in texts
    assert v2.note == "Tightened"
    assert [p.text for p in v1.paragraphs.all()] == [p.text for p in paragraphs]


def test_editing_is_closed_during_consultation_and_after_final(clients, group):
    draft = make_draft(group, status=DraftStatus.CONSULTATION)
    assert clients["member"].get(reverse("drafting:edit", args=[group.slug, draft.slug])).status_code == 404
    final = make_draft(group, slug="final", status=DraftStatus.FINAL)
    assert clients["secretariat"].get(reverse("drafting:edit", args=[group.slug, final.slug])).status_code == 404
