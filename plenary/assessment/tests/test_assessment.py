"""The assessment: the matrix as a heat map with the ratings in text, the page per issue, who edits and releases."""

import pytest
from django.urls import reverse

from plenary.assessment.models import AssessmentStatus, IssueAssessment
from plenary.assessment.permissions import can_edit_assessment, can_release_assessment
from plenary.core.models import Event
from plenary.drafting.tests.factories import make_assessment, make_call, make_contribution, make_issues
from plenary.testing import ROLES

EDITORS = {"member", "chair", "secretariat", "site_admin"}
RELEASERS = {"chair", "site_admin"}  # the chair releases; the secretariat prepares


@pytest.fixture
def data(group):
    return make_issues(group)


def test_matrix_is_a_heat_map_with_the_ratings_in_text(client, group, data):
    make_assessment(group, data["issues"]["dns"], data["principles"], released=True)
    body = client.get(reverse("assessment:matrix", args=[group.slug])).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "Partly adequate" in body and "Inadequate" in body
    assert "Multilateral" in body and "Domain names" in body


def test_issue_page_gathers_assessment_evidence_and_public_input(client, group, data, meeting):
    call = make_call(group)
    tagged, _ = make_contribution(group, call, title="TAGGEDINPUT", issues=[data["issues"]["dns"]])
    unpublished, _ = make_contribution(
        group, call, title="UNPUBLISHEDINPUT", issues=[data["issues"]["dns"]], published=False
    )
    make_assessment(
        group, data["issues"]["dns"], data["principles"], released=True, contributions=[tagged, unpublished]
    )
    body = client.get(reverse("assessment:issue", args=[group.slug, "dns"])).content.decode()
    assert "ARRANGEMENTS text" in body and "FINDINGTITLE" in body
    assert "TAGGEDINPUT" in body
    assert "UNPUBLISHEDINPUT" not in body


@pytest.mark.parametrize("role", ROLES)
def test_who_edits_and_who_releases(role, clients, users, group, data):
    assert can_edit_assessment(users[role], group) == (role in EDITORS)
    assert can_release_assessment(users[role], group) == (role in RELEASERS)
    client = clients[role]
    edit = client.get(reverse("assessment:edit", args=[group.slug, "dns"]))
    assert edit.status_code == (200 if role in EDITORS else 404)
    if role in EDITORS:
        principle = data["principles"][0]
        response = client.post(
            reverse("assessment:edit", args=[group.slug, "dns"]),
            {
                "arrangements": "By ICANN",
                f"rating_{principle.pk}": "partly",
                f"rationale_{principle.pk}": "Some.",
                "role_governments": "Policy.",
            },
        )
        assert response.status_code == 302
        assessment = IssueAssessment.objects.get(issue=data["issues"]["dns"])
        assert assessment.ratings.get().rating == "partly"
        assert assessment.roles.get().statement == "Policy."
        assert assessment.status == AssessmentStatus.WORKING
        asked = client.post(reverse("assessment:release", args=[group.slug, "dns"]))
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.WORKING  # nothing happens before the confirmation
        if role in RELEASERS:
            assert asked.status_code == 200 and b'name="confirmed" value="yes"' in asked.content
        release = client.post(reverse("assessment:release", args=[group.slug, "dns"]), {"confirmed": "yes"})
        assessment.refresh_from_db()
        assert (assessment.status == AssessmentStatus.RELEASED) == (role in RELEASERS)
        assert release.status_code == (302 if role in RELEASERS else 403)
        if role in RELEASERS:
            assert Event.objects.for_object(assessment).filter(verb="released").exists()


def test_findings_are_numbered_and_carry_their_evidence(clients, group, data, meeting):
    make_assessment(group, data["issues"]["dns"], data["principles"], released=False)
    call = make_call(group)
    contribution, _ = make_contribution(group, call)
    response = clients["member"].post(
        reverse("assessment:finding_new", args=[group.slug, "dns"]),
        {"title": "Second finding", "text": "More.", "contributions": [contribution.pk], "meetings": [meeting.pk]},
    )
    assert response.status_code == 302
    finding = IssueAssessment.objects.get().findings.get(number=2)
    assert list(finding.contributions.all()) == [contribution]
    assert finding.label == "DNS-F2"
    assert Event.objects.for_object(finding).filter(verb="evidence_set").count() == 2
