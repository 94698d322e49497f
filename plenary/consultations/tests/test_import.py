"""Many contributions at once: numbered in blocks, tagged, on the trail, searchable and counted, and an import run
twice stores nothing twice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from plenary.consultations.models import Contribution, ContributionStatus, Tally
from plenary.consultations.services import contributions_import
from plenary.consultations.tallies import tallies_rebuild
from plenary.consultations.tests.factories import make_call, submit
from plenary.core.models import Event
from plenary.core.search import search
from plenary.issues.models import Cluster, Issue


def _rows(n: int, issue) -> list[dict]:
    return [
        {
            "submitter_name": f"Respondent {i}",
            "submitter_email": f"r{i}@example.org",
            "country": ["KE", "FR", "BR"][i % 3],
            "kind": "comment",
            "title": f"Imported view {i}",
            "text": f"Imported text {i} about IMPORTEDWORD and spam.",
            "submitted_at": dt.datetime(2005 + i % 2, 3, 1, tzinfo=dt.UTC),
            "issues": [issue] if i % 2 else [],
            "external_reference": f"ext-{i}",
        }
        for i in range(n)
    ]


def test_an_import_is_numbered_tagged_traced_searchable_and_counted(group, users):
    call = make_call(group)
    submit(call, title="Sent by the form first")  # numbers continue after what the form gave out
    cluster = Cluster.objects.create(group=group, number=1, slug="c", title="C")
    issue = Issue.objects.create(cluster=cluster, slug="spam", title="Spam")
    stored = contributions_import(actor=users["secretariat"], call=call, rows=_rows(7, issue), batch_size=3)
    assert len(stored) == 7
    references = set(Contribution.objects.values_list("reference", flat=True))
    assert len(references) == 8
    assert Contribution.objects.filter(issues=issue).count() == 3
    assert Event.objects.filter(verb="submitted", group_slug=group.slug).count() == 8
    assert Event.objects.filter(verb="published", group_slug=group.slug).count() == 7
    assert search(viewer=None, query="IMPORTEDWORD").total == 7
    kept = {(t.call_id, t.facet, t.value): t.count for t in Tally.objects.filter(group=group)}
    tallies_rebuild(group_id=group.pk)
    assert kept == {(t.call_id, t.facet, t.value): t.count for t in Tally.objects.filter(group=group)}
    assert contributions_import(actor=users["secretariat"], call=call, rows=_rows(9, issue)) != []
    assert Contribution.objects.filter(status=ContributionStatus.PUBLISHED).count() == 9  # two new ones only


def test_only_the_secretariat_imports(group, users):
    call = make_call(group)
    with pytest.raises(PermissionDenied):
        contributions_import(actor=users["member"], call=call, rows=[])


def test_bulk_files_hold_the_public_record_with_their_hash(group, users, client):
    import hashlib

    from django.core.management import call_command

    from plenary.consultations import services
    from plenary.consultations.models import RecordExport

    call = make_call(group)
    shown, _token = submit(call, title="SHOWNINBULK")
    services.contribution_publish(actor=users["secretariat"], contribution=shown)
    submit(call, title="HIDDENFROMBULK")
    call_command("exports_build", group.slug, stdout=__import__("io").StringIO())
    for fmt in ("csv", "jsonl"):
        export = RecordExport.objects.get(group=group, format=fmt)
        response = client.get(f"/{group.slug}/contributions/bulk/{fmt}/")
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == export.sha256 and export.rows == 1
        assert b"SHOWNINBULK" in body and b"HIDDENFROMBULK" not in body
    streamed = client.get(f"/{group.slug}/contributions/export.jsonl")
    lines = b"".join(streamed.streaming_content).decode().splitlines()
    assert len(lines) == 1 and "SHOWNINBULK" in lines[0]
    assert client.get(f"/{group.slug}/contributions/bulk/xml/").status_code == 404


def _index_state() -> dict:
    """Every contribution's search entry and the text the full-text index holds for it, by contribution."""
    from django.db import connection

    from plenary.consultations.models import SearchEntry
    from plenary.core.search import FTS_TABLE

    entries = {
        e.id: (e.object_pk, e.group_id, e.title, e.url, e.language, e.date, e.facets)
        for e in SearchEntry.objects.filter(source="contributions")
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT id, vector::text FROM consultations_searchentry WHERE source = 'contributions'")
        else:
            cursor.execute(f"SELECT rowid, index_title || '|' || index_body || '|' || kind FROM {FTS_TABLE}")  # noqa: S608
        text = dict(cursor.fetchall())
    return {entry[0]: (*entry[1:], text.get(pk)) for pk, entry in entries.items()}


def test_the_bulk_path_writes_what_the_one_by_one_path_writes(group, users):
    """The import writes rows, entries, events and counts in bulk; saving each contribution again through the
    signals (the one-by-one path) and recounting from scratch must change nothing."""
    from plenary.consultations.models import Contribution
    from plenary.core.search import _SOURCES, index_object

    call = make_call(group)
    cluster = Cluster.objects.create(group=group, number=1, slug="c", title="C")
    issue = Issue.objects.create(cluster=cluster, slug="spam", title="Spam")
    rows = _rows(6, issue)
    rows[1]["text"] = "Les États membres réclament l'accès. Ещё раз: 互联网治理的未来 and IMPORTEDWORD."
    rows[2]["language"] = "fr"
    stored = contributions_import(actor=users["secretariat"], call=call, rows=rows, batch_size=4)
    bulk = _index_state()
    assert len(bulk) == 6 and all(state[-1] for state in bulk.values())
    for contribution in Contribution.objects.all():
        assert bulk[contribution.pk][2] == contribution.get_absolute_url()
        index_object(_SOURCES["contributions"], contribution)  # what a save's signal writes
    assert _index_state() == bulk
    for term, found in [("IMPORTEDWORD", 6), ("etats", 1), ("互联网", 1), ("ещё", 1), ("spam", 5)]:
        assert search(viewer=None, query=term, sources=["contributions"]).total == found, term
    kept = {(t.call_id, t.facet, t.value): t.count for t in Tally.objects.filter(group=group)}
    assert kept[(None, "all", "")] == 6 and kept[(None, "issue", "spam")] == 3
    tallies_rebuild(group_id=group.pk)
    assert kept == {(t.call_id, t.facet, t.value): t.count for t in Tally.objects.filter(group=group)}
    for contribution in stored:
        events = Event.objects.for_object(contribution).order_by("id")
        assert [(e.verb, e.changes, e.target_label, e.actor_id) for e in events] == [
            ("submitted", {"status": [None, "published"]}, str(contribution), users["secretariat"].pk),
            ("published", {}, str(contribution), users["secretariat"].pk),
        ]
    assert sorted(Contribution.objects.values_list("pk", flat=True)) == sorted(c.pk for c in stored)
    # A later one-by-one submission takes the next id: the bulk path left the table's sequence right.
    later, _token = submit(call, title="After the import")
    assert later.pk > max(c.pk for c in stored)


def test_normalise_keeps_its_meaning_on_the_fast_paths():
    import unicodedata

    from plenary.core.search import _CJK_RUN, _bigrams, normalise

    def reference(text: str) -> str:  # the per-character definition
        decomposed = unicodedata.normalize("NFKD", text or "")
        text = unicodedata.normalize("NFKC", "".join(c for c in decomposed if not unicodedata.combining(c)))
        return _CJK_RUN.sub(lambda m: f" {_bigrams(m.group(0))} ", text)

    samples = ["plain ascii, Words 42.", "États-Unis, café, naïve", "ﬁ ligature ①", "Ещё йод", "互联网治理", "مَرْحَبًا",
               "e\u0301 decomposed", "한국어 텍스트", "", "ひらがなカタカナ"]  # fmt: skip
    for text in samples:
        assert normalise(text) == reference(text), text
