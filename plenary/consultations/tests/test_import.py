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
