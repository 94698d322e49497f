import io
import json

import pytest
from django.core.management import CommandError, call_command

from insight import taxonomy_from_dict
from plenary.issues.models import Cluster, Issue, NatureOfCooperation


def test_export_taxonomy_round_trips_into_insight(group):
    cluster = Cluster.objects.create(
        group=group, number=2, slug="use", title="Use", nature_of_cooperation=NatureOfCooperation.NOT_WELL_DEFINED
    )
    Issue.objects.create(cluster=cluster, slug="spam", title="Spam", keywords=["spam", "pourriel"], order=1)
    Issue.objects.create(cluster=cluster, slug="cybercrime", title="Cybercrime", order=2)
    out = io.StringIO()
    call_command("export_taxonomy", group.slug, stdout=out)
    data = json.loads(out.getvalue())
    taxonomy = taxonomy_from_dict(data)
    assert taxonomy.slugs == ["spam", "cybercrime"]
    assert taxonomy.issue("spam").keywords == ("spam", "pourriel")
    assert taxonomy.issue("spam").cluster == 2


def test_export_taxonomy_refuses_unknown_or_empty_groups(group):
    with pytest.raises(CommandError, match="No group"):
        call_command("export_taxonomy", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no issues"):
        call_command("export_taxonomy", group.slug, stdout=io.StringIO())
