"""A call's questionnaire: asked on the form and the API, checked, kept with the contribution, shown, exported and
tallied by the analysis question by question."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plenary.consultations import services
from plenary.consultations.models import Contribution
from plenary.consultations.sample import SAMPLE_QUESTIONS
from plenary.consultations.tests.factories import PROFILE, make_call

FORM = {
    "submitter_name": "A new user",
    "submitter_email": "new.user@example.org",
    "on_behalf_of": "self",
    "country": "KE",
    "publish_name": "no",
    "kind": "contribution",
    "title": "My answers",
    "text": "",
    "consent": "on",
}


@pytest.fixture
def call(group):
    call = make_call(group)
    services.call_questions_set(actor=None, call=call, questions=SAMPLE_QUESTIONS)
    return call


def test_a_questionnaire_that_the_engine_cannot_read_is_refused(group):
    call = make_call(group, slug="other")
    with pytest.raises(ValidationError, match="lists no choices"):
        services.call_questions_set(actor=None, call=call, questions=[{"key": "q", "kind": "single", "label": "Q?"}])
    assert not call.questions.exists()


def test_the_form_asks_the_questions_and_keeps_the_answers(client, call, group):
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    page = client.get(url).content.decode()
    assert "Should the oversight" in page and 'type="checkbox"' in page and 'type="radio"' in page
    data = {**FORM, "q_oversight": "yes", "q_priorities": ["spam", "costs"], "q_why": "Because oversight matters."}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    contribution = Contribution.objects.get()
    assert contribution.answers == {
        "oversight": "yes",
        "priorities": ["spam", "costs"],
        "why": "Because oversight matters.",
    }


def test_a_choice_the_question_does_not_offer_is_refused_with_its_message(call):
    with pytest.raises(ValidationError, match="offers no such choice"):
        services.contribution_submit(
            actor=None, call=call, profile=PROFILE, kind="comment", title="T", answers={"oversight": "maybe"}
        )
    with pytest.raises(ValidationError, match="asks no question"):
        services.contribution_submit(
            actor=None, call=call, profile=PROFILE, kind="comment", title="T", answers={"nope": "x"}
        )
    with pytest.raises(ValidationError, match="takes one choice"):
        services.contribution_submit(
            actor=None, call=call, profile=PROFILE, kind="comment", title="T", answers={"oversight": ["yes", "no"]}
        )
    assert not Contribution.objects.exists()


def test_the_api_lists_the_questions_and_takes_answers(client, call, group):
    detail = client.get(f"/api/v1/groups/{group.slug}/calls/{call.slug}").json()
    assert [q["key"] for q in detail["questions"]] == ["oversight", "priorities", "why"]
    url = f"/api/v1/groups/{group.slug}/calls/{call.slug}/contributions"
    base = {k: v for k, v in FORM.items() if k not in {"consent", "publish_name"}}
    bad = client.post(url, {**base, "answers": '{"oversight": "maybe"}'})
    assert bad.status_code == 400 and "offers no such choice" in bad.json()["detail"]
    assert client.post(url, {**base, "answers": "[1, 2]"}).status_code == 400
    good = client.post(url, {**base, "answers": json.dumps({"oversight": "no", "why": "Too risky."})})
    assert good.status_code == 201
    assert Contribution.objects.get().answers == {"oversight": "no", "why": "Too risky."}


def test_answers_are_shown_by_their_labels_and_exported(client, call, group, users):
    contribution, _token = services.contribution_submit(
        actor=None, call=call, profile=PROFILE, kind="comment", title="Answers", answers={"priorities": ["costs"]}
    )
    services.contribution_publish(actor=users["secretariat"], contribution=contribution)
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Which issues should the group take up first?" in page and "Internet leased line costs" in page
    exported = json.loads(client.get(reverse("consultations:export_json", args=[group.slug])).getvalue())
    assert exported["contributions"][0]["answers"] == {"priorities": ["costs"]}


def test_the_call_dashboard_tallies_each_question(client, call, group, users):
    from plenary.analysis.models import RunTrigger
    from plenary.analysis.services import analysis_execute, analysis_request
    from plenary.issues.models import Cluster, Issue

    cluster = Cluster.objects.create(group=group, number=1, slug="c", title="Internet use")
    Issue.objects.create(cluster=cluster, slug="spam", title="Spam", keywords=["spam"])
    for n, (choice, why) in enumerate([("yes", "Spam floods us."), ("yes", "Shared oversight."), ("no", "")]):
        answers = {"oversight": choice, **({"why": why} if why else {})}
        contribution, _token = services.contribution_submit(
            actor=None, call=call, profile={**PROFILE, "country": ["KE", "FR", "BR"][n]}, kind="comment",
            title=f"Respondent {n}", answers=answers,
        )  # fmt: skip
        services.contribution_publish(actor=users["secretariat"], contribution=contribution)
    run = analysis_request(actor=users["secretariat"], group=group, call=call, trigger=RunTrigger.ON_DEMAND)
    analysis_execute(run_id=run.pk)
    run.refresh_from_db()
    oversight = next(q for q in run.questions if q["id"] == "oversight")
    assert {c["id"]: c["raw"] for c in oversight["choices"]} == {"yes": 2, "no": 1, "unsure": 0}
    assert oversight["stance"]["support"]["raw"] == 2
    body = client.get(reverse("analysis:call", args=[group.slug, call.slug])).content.decode()
    assert "Answers, question by question" in body and "Should the oversight" in body
