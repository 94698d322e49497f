"""`manage.py reindex`: rebuilds a lost or stale index from the records and says how many entries each source has."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plenary.consultations.models import ContributionStatus
from plenary.consultations.tests.factories import make_call, submit
from plenary.core.search import index_model, search, sources


def _run(*args) -> list[str]:
    out = io.StringIO()
    call_command("reindex", *args, stdout=out)
    return out.getvalue().splitlines()


def test_reindex_rebuilds_a_lost_index(group, documents):
    contribution, _ = submit(make_call(group), title="Ocelot sightings", text="Ocelots near the exchange point.")
    contribution.status = ContributionStatus.PUBLISHED
    contribution.save()
    index_model().objects.all().delete()  # as after a restore without the index, or a change of tokenizer
    assert search(viewer=None, query="ocelot").total == 0

    lines = _run()

    assert search(viewer=None, query="ocelot").total == 1
    assert search(viewer=None, query="PUBLICPAPER").total == 1
    assert lines[: len(sources())] == [
        f"{s.key}: {n} entries ({n} records read)" for s in sources() for n in [s.model._default_manager.count()]
    ]
    assert "contributions: 1 entries (1 records read)" in lines
    assert "documents: 3 entries (3 records read)" in lines
    # The group's members, issues and meetings are searchable records too: one entry for each.
    assert lines[-1] == f"total: {sum(s.model._default_manager.count() for s in sources())} entries"
    # Running it again changes nothing: one entry per record, never two.
    assert _run() == lines


def test_reindex_named_sources_only(group, documents):
    index_model().objects.all().delete()
    assert _run("documents") == ["documents: 3 entries (3 records read)", "total: 3 entries"]
    assert set(index_model().objects.values_list("source", flat=True)) == {"documents"}
    with pytest.raises(CommandError, match="Unknown source"):
        call_command("reindex", "nope", stdout=io.StringIO())
