"""Draft paragraphs in several languages: each translation is tied to the paragraph it translates; a change of the
English text marks it out of date in the secretariat's table until it is updated; nobody reads a translation of a
text they may not read."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from plenary.core.models import Event
from plenary.core.search import search
from plenary.core.visibility import visible
from plenary.drafting.models import DraftStatus, ParagraphTranslation
from plenary.drafting.selectors import paragraphs_localized, translation_table
from plenary.drafting.services import draft_move, paragraph_translation_save
from plenary.groups.services import translation_save
from plenary.testing import ROLES

from .factories import make_draft, new_version

SPAM_FR = "Les pays devraient adopter des lois contre le spam."


@pytest.fixture(autouse=True)
def _language_reset():
    """The test client's requests in French or Arabic leave that language active in the thread: reset it."""
    yield
    translation.deactivate()


@pytest.fixture
def draft(group):
    return make_draft(group, status=DraftStatus.CONSULTATION)


def _key(draft, position: int) -> str:
    return draft.versions.order_by("-number").first().paragraphs.all()[position].key


def _states(draft, key: str) -> dict[str, str]:
    row = next(r for r in translation_table(draft=draft).rows if r.paragraph.key == key)
    return {cell.language: cell.state for cell in row.cells}


def _table_page(client, draft) -> str:
    response = client.get(reverse("drafting:translations", args=[draft.group.slug, draft.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_stale_table_appears_when_the_source_changes_and_clears_when_updated(draft, users, clients):
    spam, names = _key(draft, 4), _key(draft, 1)
    secretariat = users["secretariat"]
    paragraph_translation_save(actor=secretariat, draft=draft, key=spam, language="fr", text=SPAM_FR)
    paragraph_translation_save(
        actor=secretariat, draft=draft, key=names, language="fr", text="Le premier paragraphe sur la supervision."
    )
    assert _states(draft, spam)["fr"] == "current"
    assert _states(draft, spam)["ru"] == "missing"
    page = _table_page(clients["secretariat"], draft)
    assert 'id="stale"' not in page
    assert "No translation is out of date." in page

    # a new version changes the spam paragraph only (the draft is revised after its consultation)
    draft.status = DraftStatus.REVISED
    draft.save()
    new_version(draft, {4: "Countries should adopt and enforce laws against spam."})
    assert _states(draft, spam)["fr"] == "stale"
    assert _states(draft, names)["fr"] == "current"  # an unchanged paragraph stays current
    table = translation_table(draft=draft)
    assert [row.paragraph.key for row in table.stale_rows] == [spam]
    page = _table_page(clients["secretariat"], draft)
    assert 'id="stale"' in page
    edit_url = reverse("drafting:translation_edit", args=[draft.group.slug, draft.slug, spam, "fr"])
    assert edit_url in page

    # the secretariat updates the translation through its page: the table clears
    form = clients["secretariat"].get(edit_url).content.decode()
    assert "Countries should adopt and enforce laws against spam." in form
    assert SPAM_FR in form  # the old translation, to start from
    response = clients["secretariat"].post(
        edit_url, {"text": "Les pays devraient adopter et appliquer des lois contre le spam."}
    )
    assert response.status_code == 302
    assert _states(draft, spam)["fr"] == "current"
    assert translation_table(draft=draft).stale_rows == []
    assert 'id="stale"' not in _table_page(clients["secretariat"], draft)
    translation = ParagraphTranslation.objects.get(draft=draft, paragraph_key=spam, language="fr")
    assert translation.source.version.number == 2
    assert Event.objects.for_object(translation).filter(verb="changed").exists()


def test_an_unchanged_paragraph_moves_on_to_the_new_version(draft, users):
    names = _key(draft, 1)
    paragraph_translation_save(actor=users["secretariat"], draft=draft, key=names, language="es", text="Primero.")
    draft.status = DraftStatus.REVISED
    draft.save()
    v2 = new_version(draft, {4: "Another text on spam."})
    translation = ParagraphTranslation.objects.get(paragraph_key=names)
    assert translation.source.version == v2
    assert _states(draft, names)["es"] == "current"


@pytest.mark.parametrize("role", ["anonymous", "participant", "member", "chair", "other_group_secretariat"])
def test_only_the_secretariat_keeps_the_translations(role, draft, users, clients):
    with pytest.raises(PermissionDenied):
        paragraph_translation_save(actor=users[role], draft=draft, key=_key(draft, 1), language="fr", text="Non.")
    response = clients[role].get(reverse("drafting:translations", args=[draft.group.slug, draft.slug]))
    assert response.status_code in (302, 403)


def test_a_translation_needs_a_known_paragraph_and_another_language(draft, users):
    with pytest.raises(ValidationError):
        paragraph_translation_save(actor=users["secretariat"], draft=draft, key="nope", language="fr", text="Non.")
    with pytest.raises(ValidationError):
        paragraph_translation_save(actor=users["secretariat"], draft=draft, key=_key(draft, 1), language="en", text="x")


def test_readers_see_their_language_or_english_with_a_note(draft, users, client):
    spam = _key(draft, 4)
    paragraph_translation_save(actor=users["secretariat"], draft=draft, key=spam, language="fr", text=SPAM_FR)
    version = draft.versions.get()
    shown = paragraphs_localized(viewer=None, version=version, language="fr")
    assert (shown[spam].text, shown[spam].is_fallback) == (SPAM_FR, False)
    assert shown[_key(draft, 1)].is_fallback
    assert paragraphs_localized(viewer=None, version=version, language="en") == {}
    french = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<p lang="fr" dir="ltr"><span class="num">3.</span>{SPAM_FR}</p>' in french
    russian = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert SPAM_FR not in russian
    assert '<p lang="en" dir="ltr"><span class="num">3.</span>Countries should adopt laws against spam.</p>' in russian
    assert "language-note" in russian
    arabic = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<p lang="en" dir="ltr"><span class="num">3.</span>' in arabic


def test_an_out_of_date_translation_is_not_shown_as_the_text(draft, users, client):
    spam = _key(draft, 4)
    paragraph_translation_save(actor=users["secretariat"], draft=draft, key=spam, language="fr", text=SPAM_FR)
    draft.status = DraftStatus.REVISED
    draft.save()
    v2 = new_version(draft, {4: "Countries should adopt and enforce laws against spam."})
    shown = paragraphs_localized(viewer=None, version=v2, language="fr")
    assert (shown[spam].is_fallback, shown[spam].is_stale) == (True, True)
    page = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert SPAM_FR not in page
    assert "enforce laws against spam" in page
    # the first version still reads with the translation of its own text
    old = client.get(draft.versions.get(number=1).get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert SPAM_FR in old


@pytest.mark.parametrize("role", ROLES)
def test_an_internal_drafts_translations_stay_with_the_members(role, group, users, clients):
    internal = make_draft(group, slug="internal", title="OCELOTDRAFT internal")
    paragraph_translation_save(
        actor=users["secretariat"], draft=internal, key=_key(internal, 4), language="fr", text="OCELOTINTERNE texte."
    )
    translation_save(actor=users["secretariat"], obj=internal, field="title", language="fr", text="OCELOTTITRE")
    sees = role in ("member", "chair", "secretariat", "site_admin")
    assert visible(ParagraphTranslation, users[role]).exists() == sees
    assert (search(viewer=users[role], query="OCELOTINTERNE").total == 1) == sees
    assert (search(viewer=users[role], query="OCELOTTITRE").total == 1) == sees
    response = clients[role].get(internal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert (response.status_code == 200) == sees
    assert ("OCELOTINTERNE" in response.content.decode()) == sees
    assert ("OCELOTTITRE" in response.content.decode()) == sees
    results = clients[role].get(reverse("search"), {"q": "OCELOTINTERNE"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert (results.context["results"].total == 1) == sees


def test_a_translation_of_a_members_only_version_stays_hidden_after_the_draft_goes_public(group, users):
    """Made in the internal phase from a text that changed before publication: the public never reads it."""
    draft = make_draft(group, slug="later", title="Later")
    spam = _key(draft, 4)
    paragraph_translation_save(
        actor=users["secretariat"], draft=draft, key=spam, language="fr", text="OCELOTANCIEN texte."
    )
    new_version(draft, {4: "A rewritten spam paragraph."})

    now = timezone.now()
    draft_move(
        actor=None,
        draft=draft,
        to=DraftStatus.CONSULTATION,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
        check_permission=False,
    )
    assert search(viewer=None, query="OCELOTANCIEN").total == 0
    assert search(viewer=users["member"], query="OCELOTANCIEN").total == 1
    assert not visible(ParagraphTranslation, None).exists()


def test_chinese_paragraph_translations_are_found_by_bigrams(draft, users):
    paragraph_translation_save(
        actor=users["secretariat"],
        draft=draft,
        key=_key(draft, 4),
        language="zh-hans",
        text="各国应通过互联网治理反垃圾邮件法。",
    )
    results = search(viewer=None, query="互联网治理")
    assert results.total == 1
    assert results.hits[0].url.endswith(f"#p-{_key(draft, 4)}")
    assert search(viewer=None, query="互联网治理", filters={"language": "zh"}).total == 1


def test_the_sample_draft_shows_a_current_and_an_out_of_date_translation(group):
    from plenary.drafting import sample

    sample.load(group=group, actor=None)
    sample.load(group=group, actor=None)  # loading again changes nothing
    draft = sample.sample_draft(group)
    table = translation_table(draft=draft)
    disclaimer = next(row for row in table.rows if row.paragraph.text.startswith("This draft is illustrative"))
    states = {cell.language: cell.state for cell in disclaimer.cells}
    assert states["fr"] == states["es"] == "current" and states["ru"] == "missing"  # unchanged in v2
    assert [row.paragraph.text for row in table.stale_rows] == [
        "Countries should adopt laws against spam and cooperate in their enforcement across borders."
    ]
    assert ParagraphTranslation.objects.filter(draft=draft).count() == 3
