"""The group, its issues, a call and published input (one campaign of five, three unique comments) that the
analysis tests share."""

import datetime as dt

import pytest
from django.utils import timezone

from plenary.consultations.models import Call
from plenary.consultations.services import contribution_publish
from plenary.issues.models import Cluster, Issue, NatureOfCooperation

from .inputs import CAMPAIGN, EDITS, UNIQUE, submit


@pytest.fixture
def taxonomy(group):
    clusters = {}
    for number, slug, nature in [
        (1, "infrastructure", NatureOfCooperation.EXISTING_ORGANISATIONS),
        (2, "internet-use", NatureOfCooperation.NOT_WELL_DEFINED),
        (3, "wider-impact", NatureOfCooperation.ORGANISATIONS_EXIST),
        (4, "development", NatureOfCooperation.UN_SYSTEM),
    ]:
        clusters[slug] = Cluster.objects.create(
            group=group, number=number, slug=slug, title=slug, nature_of_cooperation=nature
        )
    issues = [
        ("infrastructure", "dns", "Administration of the domain name system", ["domain names", "DNS"]),
        ("internet-use", "spam", "Spam", ["spam", "unsolicited e-mail", "pourriel"]),
        ("internet-use", "cybercrime", "Cybercrime", ["cybercrime", "fraud"]),
        ("wider-impact", "privacy", "Privacy", ["privacy", "personal data", "vie privée", "privacidad"]),
        ("development", "leased-line-costs", "Internet leased line costs", ["leased lines", "lignes louées"]),
        ("development", "capacity-building", "Capacity-building", ["capacity-building", "training"]),
    ]
    return {
        slug: Issue.objects.create(cluster=clusters[c], slug=slug, title=title, keywords=kw, order=i)
        for i, (c, slug, title, kw) in enumerate(issues)
    }


@pytest.fixture
def call(group):
    now = timezone.now()
    return Call.objects.create(
        group=group,
        slug="open",
        title="Open call",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
    )


@pytest.fixture
def published(call, taxonomy, users, settings, django_capture_on_commit_callbacks):
    settings.PLENARY_ANALYSIS_AUTOMATIC = True
    with django_capture_on_commit_callbacks(execute=True):
        items = [submit(call, edit(CAMPAIGN)) for edit in EDITS]
        items += [submit(call, text, country) for text, country in UNIQUE]
        for item in items:
            contribution_publish(actor=users["secretariat"], contribution=item)
    return items
