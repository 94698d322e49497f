"""The secretariat's decisions on the analysis: campaigns split, merged, dissolved; stock lines added and taken
back. Only the group's secretariat decides; each decision is on the trail and queues a run whose figures follow
it; nothing unpublished appears. And what the secretariat is shown besides: the contributions whose tags would
teach most, what a batch of tags moved, and each issue's evidence, "none of these" and the taxonomy-fit warning."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plenary.analysis.models import AnalysisDecision, AnalysisRun, RunStatus, RunTrigger
from plenary.analysis.selectors import alerts_view, dashboard_get, fit_view, review_get
from plenary.analysis.services import analysis_decide, analysis_execute, analysis_request
from plenary.consultations.models import Contribution
from plenary.consultations.services import contribution_mark_spam, contribution_publish, contribution_tags_set
from plenary.core.models import Event

from .inputs import submit

OTHERS = ["anonymous", "participant", "member", "chair", "other_group_secretariat"]
DISHES = [
    "tomato soup with basil", "apple pie with cinnamon", "roast chicken with lemon", "mushroom risotto",
    "fish curry with rice", "lentil stew", "banana bread", "pancakes with syrup", "beef goulash",
    "vegetable lasagne", "chocolate mousse", "potato gratin", "onion tart", "pea soup with mint", "carrot cake",
    "plum jam", "bean chili", "lemon sorbet", "pumpkin soup", "cheese scones", "rice pudding", "garlic bread",
]  # fmt: skip


def _decide(client, group, **data):
    return client.post(reverse("analysis:decide", args=[group.slug]), data)


def _key(group) -> str:
    board = dashboard_get(group=group)
    assert len(board.campaigns) >= 1
    return board.campaigns[0]["key"]


def _agrees(board) -> None:
    """Every breakdown of who took part adds up to the headline, raw and as voices; every contribution is read
    for issues or counted as without free text."""
    for rows in (board.by_group, board.by_region, board.by_language, board.by_month):
        assert sum(r["raw"] for r in rows) == board.raw_total
        assert sum(r["voices"] for r in rows) == board.voices_total
    assert board.fit["with_text"] + board.no_free_text == board.raw_total
    assert 0 <= board.fit["none"] <= board.fit["with_text"]


def test_only_the_groups_secretariat_decides(published, clients, users, group, django_capture_on_commit_callbacks):
    key = _key(group)
    runs = AnalysisRun.objects.count()
    attempts = [
        {"action": "split", "records": [published[1].reference]},
        {"action": "merge", "records": [key, published[5].reference]},
        {"action": "dissolve", "records": [key], "confirmed": "yes"},
        {"action": "stock_add", "line": "I agree to the publication of my contribution"},
        {"action": "stock_remove", "line": "input"},
    ]
    for role in OTHERS:
        for data in attempts:
            assert _decide(clients[role], group, **data).status_code == 403, (role, data)
        assert clients[role].get(reverse("analysis:review", args=[group.slug])).status_code == 404, role
        with pytest.raises(PermissionDenied):
            analysis_decide(actor=users[role], group=group, kind="dissolve", record_ids=[key])
    assert not AnalysisDecision.objects.exists() and AnalysisRun.objects.count() == runs
    with django_capture_on_commit_callbacks(execute=True):
        decision = analysis_decide(actor=users["secretariat"], group=group, kind="split", record_ids=[key])
    assert AnalysisRun.objects.count() > runs
    # Withdrawing is the secretariat's too; another group's secretariat cannot even find the decision.
    for role in OTHERS:
        data = {"action": "withdraw", "decision": decision.pk}
        assert _decide(clients[role], group, **data).status_code == 403, role
    assert AnalysisDecision.objects.get().in_force
    assert clients["secretariat"].get(reverse("analysis:review", args=[group.slug])).status_code == 200


def test_dissolving_asks_once_more_and_the_next_run_counts_every_member(
    published, clients, group, call, django_capture_on_commit_callbacks
):
    key = _key(group)
    response = _decide(clients["secretariat"], group, action="dissolve", records=[key], note="Not one letter")
    assert response.status_code == 200 and "Dissolve this campaign?" in response.content.decode()
    assert "This cannot be undone" not in response.content.decode()  # it can be withdrawn
    assert not AnalysisDecision.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(clients["secretariat"], group, action="dissolve", records=[key], confirmed="yes")
    assert response.status_code == 302
    decision = AnalysisDecision.objects.get()
    event = Event.objects.for_object(decision).get()
    assert event.verb == "campaign_dissolved" and event.get_verb_display() == "campaign dissolved"
    assert event.group_slug == group.slug
    latest = AnalysisRun.objects.filter(group=group, call=None).order_by("-finished_at").first()
    assert latest.trigger == RunTrigger.DECISION and latest.status == RunStatus.DONE
    for scope in (None, call):  # the group's dashboard and the call's follow
        board = dashboard_get(group=group, call=scope)
        assert board.raw_total == 8 and board.voices_total == 8 and board.campaigns == []
        spam = next(row for row in board.by_issue if row["issue"] == "spam")
        assert spam["raw"] == 5 and spam["voices"] == 5
        _agrees(board)
    # Withdrawn: the next run counts the campaign again.
    with django_capture_on_commit_callbacks(execute=True):
        _decide(clients["secretariat"], group, action="withdraw", decision=decision.pk)
    decision.refresh_from_db()
    assert not decision.in_force
    assert "decision_withdrawn" in Event.objects.for_object(decision).values_list("verb", flat=True)
    assert dashboard_get(group=group).voices_total == 4


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: the session, the viewer's roles
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_split_then_merge_and_the_figures_follow_each(
    published, users, clients, group, django_capture_on_commit_callbacks
):
    secretariat = users["secretariat"]
    url = reverse("analysis:group", args=[group.slug])
    one_campaign = _queries(clients["secretariat"], url)
    leaving = [published[3].reference, published[4].reference]
    with django_capture_on_commit_callbacks(execute=True):
        analysis_decide(actor=secretariat, group=group, kind="split", record_ids=leaving, note="two wrote apart")
    board = dashboard_get(group=group)
    assert sorted(c["size"] for c in board.campaigns) == [2, 3]
    assert _queries(clients["secretariat"], url) == one_campaign  # members listed in one query, whatever the count
    assert board.voices_total == 5  # two campaigns, three unique comments
    _agrees(board)
    split_off = next(c for c in board.campaigns if c["size"] == 2)
    assert set(split_off["member_ids"]) == set(leaving) and split_off["changed"]
    # Merged again (by the campaigns' keys): one campaign of five, four voices.
    keys = [c["key"] for c in board.campaigns]
    with django_capture_on_commit_callbacks(execute=True):
        analysis_decide(actor=secretariat, group=group, kind="merge", record_ids=keys)
    board = dashboard_get(group=group)
    assert [c["size"] for c in board.campaigns] == [5] and board.voices_total == 4
    _agrees(board)
    run = AnalysisRun.objects.filter(group=group, call=None).order_by("-finished_at").first()
    assert [d["kind"] for d in run.stats["campaign_decisions"]] == ["split", "merge"]
    assert all(not d["note"] for d in run.stats["campaign_decisions"])  # the secretariat's notes stay its own
    verbs = set(Event.objects.filter(group_slug=group.slug).values_list("verb", flat=True))
    assert {"campaign_split", "campaigns_merged"} <= verbs
    # One contribution split off alone counts as its own voice.
    with django_capture_on_commit_callbacks(execute=True):
        analysis_decide(actor=secretariat, group=group, kind="split", record_ids=[published[1].reference])
    board = dashboard_get(group=group)
    assert [c["size"] for c in board.campaigns] == [4] and board.voices_total == 5


def test_stock_lines_added_and_taken_back(published, clients, users, group, django_capture_on_commit_callbacks):
    secretariat = users["secretariat"]
    review = review_get(group=group, viewer=secretariat)
    assert [(s["text"], s["count"], s["source"]) for s in review.stock_lines] == [("input", 8, "found")]
    only_text = Contribution.objects.get(pk=published[7].pk).text
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(clients["secretariat"], group, action="stock_add", line=only_text, note="a form's line")
    assert response.status_code == 302
    board = dashboard_get(group=group)
    assert board.no_free_text == 1 and board.stock_only == 1 and board.fit["with_text"] == 7
    _agrees(board)
    body = clients["secretariat"].get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert "One contribution has no free text" in body
    review = review_get(group=group, viewer=secretariat)
    added = next(s for s in review.stock_lines if s["source"] == "added")
    assert added["count"] == 1 and added["decision"] is not None
    # The same line twice, an empty line: refused with a message, nothing recorded.
    with pytest.raises(ValidationError):
        analysis_decide(actor=secretariat, group=group, kind="stock_add", line=only_text.upper())
    response = _decide(clients["secretariat"], group, action="stock_add", line="  ... ")
    assert response.status_code == 302 and AnalysisDecision.objects.count() == 1
    # The title every contribution has is found as stock; taken back, it is listed no more.
    with django_capture_on_commit_callbacks(execute=True):
        _decide(clients["secretariat"], group, action="stock_remove", line="input")
    review = review_get(group=group, viewer=secretariat)
    assert "input" not in [s["text"] for s in review.stock_lines]
    assert [s["text"] for s in review.stock_removed] == ["input"]
    verbs = set(Event.objects.filter(group_slug=group.slug).values_list("verb", flat=True))
    assert {"stock_line_added", "stock_line_removed"} <= verbs
    body = clients["secretariat"].get(reverse("analysis:review", args=[group.slug])).content.decode()
    assert "Lines taken back" in body and "a form&#x27;s line" in body


def test_nothing_unpublished_appears_and_nothing_unpublished_can_be_named(
    published, call, clients, users, group, django_capture_on_commit_callbacks
):
    hidden = submit(call, "A SECRETUNPUBLISHEDWORD about spam and unsolicited e-mail.", title="HIDDENTITLE")
    key = _key(group)
    with pytest.raises(ValidationError):
        analysis_decide(actor=users["secretariat"], group=group, kind="merge", record_ids=[key, hidden.reference])
    response = _decide(clients["secretariat"], group, action="split", records=[hidden.reference])
    assert response.status_code == 302 and not AnalysisDecision.objects.exists()
    refused = clients["secretariat"].get(response["Location"]).content.decode()
    assert "Not a published contribution of this group" in refused  # said to the secretariat, once
    # A campaign member that leaves the public record leaves the secretariat's member list at once.
    leaving = published[2]
    contribution_mark_spam(actor=users["secretariat"], contribution=leaving)
    secretariat_body = clients["secretariat"].get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert "Split them off" in secretariat_body and published[1].reference in secretariat_body
    assert leaving.reference not in secretariat_body and hidden.reference not in secretariat_body
    moderate = reverse("consultations:moderate", args=[group.slug, published[1].pk])
    assert moderate in secretariat_body
    for role in OTHERS:
        body = clients[role].get(reverse("analysis:group", args=[group.slug])).content.decode()
        assert "Why it is one campaign" in body and "How alike its members are" in body
        assert "Split them off" not in body and "Dissolve this campaign" not in body and moderate not in body
        assert leaving.reference not in body and "SECRETUNPUBLISHEDWORD" not in body
    review = clients["secretariat"].get(reverse("analysis:review", args=[group.slug])).content.decode()
    assert leaving.reference not in review and hidden.reference not in review


def test_the_tags_that_teach_most_and_what_a_batch_of_tags_moved(
    published, clients, users, group, taxonomy, django_capture_on_commit_callbacks
):
    review = review_get(group=group, viewer=users["secretariat"])
    asked = [row["reference"] for row in review.to_tag]
    assert 1 <= len(asked) <= 10
    public = set(Contribution.objects.filter(status="published").values_list("reference", flat=True))
    assert set(asked) <= public
    campaign_members = {c.reference for c in published[:5]}
    assert len(set(asked) & campaign_members) <= 1  # one per campaign: its representative
    body = clients["secretariat"].get(reverse("analysis:review", args=[group.slug])).content.decode()
    first = Contribution.objects.get(reference=asked[0])
    assert reverse("consultations:moderate", args=[group.slug, first.pk]) in body
    assert "What the last tags changed" not in body
    # A batch of tags (here one), then a run: how much it moved each issue's counts is shown.
    contribution_tags_set(actor=users["secretariat"], contribution=first, issues=[taxonomy["capacity-building"]])
    with django_capture_on_commit_callbacks(execute=True):
        run = analysis_request(actor=users["secretariat"], group=group, trigger=RunTrigger.ON_DEMAND)
    run.refresh_from_db()
    moved = run.stats["tags_moved"]
    assert moved["new_tags"] == 1 and moved["records_compared"] == 8
    assert moved["tagged_after"] == moved["tagged_before"] + 1
    assert {row["issue"] for row in moved["issues"]} == set(taxonomy)
    for row in moved["issues"]:
        assert row["raw_change"] == row["raw_after"] - row["raw_before"]
    after = {s["issue"]: s["counts"]["raw"] for s in run.issues}
    assert all(after[row["issue"]] == row["raw_after"] for row in moved["issues"])
    review = review_get(group=group, viewer=users["secretariat"])
    assert first.reference not in [row["reference"] for row in review.to_tag]  # tagged: asked no more
    body = clients["secretariat"].get(reverse("analysis:review", args=[group.slug])).content.decode()
    assert "What the last tags changed" in body and "One contribution was newly tagged" in body
    # A run that follows no new tag says nothing moved.
    with django_capture_on_commit_callbacks(execute=True):
        again = analysis_request(actor=users["secretariat"], group=group, trigger=RunTrigger.ON_DEMAND)
    again.refresh_from_db()
    assert "tags_moved" not in again.stats


def test_excerpts_quote_the_evidence_and_none_is_counted(published, group, call, users, clients):
    run = AnalysisRun.objects.filter(group=group, call=None, status=RunStatus.DONE).latest("finished_at")
    evidence = {r["id"]: {a["issue"]: a["evidence"] for a in r["assigned"]} for r in run.results if r.get("assigned")}
    quoted = 0
    for synthesis in run.issues:
        for item in synthesis["representative_excerpts"] + synthesis["distinct_excerpts"]:
            if item.get("evidence"):
                assert item["text"] == evidence[item["record_id"]][synthesis["issue"]]
                quoted += 1
    assert quoted >= 4
    # Off-topic input: "none of these" for each, and the warning that the issues may not fit, for everyone.
    for n, dish in enumerate(DISHES):
        text = f"My grandmother's recipe for {dish}: cook it slowly for {n + 20} minutes and serve it warm on Sunday."
        contribution_publish(actor=users["secretariat"], contribution=submit(call, text))
    analysis_execute(run_id=analysis_request(actor=None, group=group, trigger=RunTrigger.ON_DEMAND).pk)
    board = dashboard_get(group=group)
    assert board.raw_total == 30 and board.fit["none"] >= len(DISHES) - 2
    _agrees(board)
    assert len(board.fit["warnings"]) >= 1
    for role in ["anonymous", "secretariat"]:
        body = clients[role].get(reverse("analysis:group", args=[group.slug])).content.decode()
        assert "issues fit this input?" in body and "the issues may not fit this input" in body
        assert f"{board.fit['none']} are about none of the group" in body


def test_the_fit_warnings_are_said_in_the_readers_language():
    from django.utils import translation

    fit = {"records_with_text": 40, "none": 30, "none_share": 0.75, "top_issue": "Spam", "top_issue_share": 0.6}
    shown = fit_view({**fit, "warning_codes": ["mostly_none", "one_issue"]})
    assert shown["warnings"][0].startswith("75% of the contributions with free text")
    assert "“Spam”, takes 60%" in shown["warnings"][1]
    assert fit_view({**fit, "warning_codes": []})["warnings"] == []
    with translation.override("fr"):
        french = fit_view({**fit, "warning_codes": ["mostly_none"]})["warnings"][0]
    assert "75%" in french  # translated once the catalogue has it; the figure is there either way


def test_balance_alerts_are_said_by_the_web_app_from_the_engines_codes():
    """The engine gives each balance alert as a code with its figures; the web app says it with its own
    (translatable) sentences, and a run stored before the codes keeps its English ones."""
    from collections import Counter

    from django.utils import translation

    from insight.synthesis import balance_alert_codes

    codes = balance_alert_codes(Counter({"private-sector": 9, "civil-society": 1}), Counter({"Asia": 9}), 40, 10, 2)
    assert [c["code"] for c in codes] == ["one_group", "one_region", "campaigns"]
    shown = alerts_view({"balance_alerts": ["engine's English"], "balance_alert_codes": codes})
    assert shown[0] == "90% of the voices on this issue come from one stakeholder group: private-sector."
    assert shown[1] == "100% of the voices on this issue come from one region: Asia."
    assert shown[2] == "32 of 40 submissions come from 2 campaigns, counted as 2 voices."
    one = alerts_view({"balance_alert_codes": [{"code": "campaigns", "from_campaigns": 5, "raw": 6, "campaigns": 1}]})
    assert one == ["5 of 6 submissions come from 1 campaign, counted as 1 voice."]
    assert alerts_view({"balance_alerts": ["An old run's sentence."]}) == ["An old run's sentence."]
    # An old run's own English sentence is read back into its figures and said again.
    old = "90% of the voices on this issue come from one region: Asia."
    with translation.override("fr"):
        assert alerts_view({"balance_alerts": [old]}) != [old]
    assert alerts_view({"balance_alert_codes": [{"code": "unknown"}]}) == []
    with translation.override("fr"):
        said = alerts_view({"balance_alert_codes": codes})[0]
        assert said.startswith("90") and "%" in said and "voices" not in said


@pytest.fixture
def questionnaire(call, taxonomy, users, settings, django_capture_on_commit_callbacks):
    from .inputs import questionnaire_texts

    settings.PLENARY_ANALYSIS_AUTOMATIC = True
    with django_capture_on_commit_callbacks(execute=True):
        # One title for all, as an export's import gives them: a stock line itself.
        items = [submit(call, text, title="Response to the consultation") for text in questionnaire_texts()]
        for item in items:
            contribution_publish(actor=users["secretariat"], contribution=item)
    return items


def test_a_questionnaire_export_no_campaign_of_form_text_sisters_in_one_family(
    questionnaire, clients, users, group, django_capture_on_commit_callbacks
):
    from insight.text import normalise

    from .inputs import FORM, OWN, STOCK_ONLY

    board = dashboard_get(group=group)
    assert board.raw_total == len(questionnaire) == 25
    assert sorted(c["size"] for c in board.campaigns) == [5, 6]  # the letter, its sister; no campaign of forms
    assert board.voices_total == 25 - 11 + 2
    assert board.no_free_text == STOCK_ONLY and board.stock_only == STOCK_ONLY
    _agrees(board)
    letter, sister = sorted(board.campaigns, key=lambda c: -c["size"])
    assert letter["family"] and letter["family"] == sister["family"]
    assert [s["key"] for s in letter["sisters"]] == [sister["key"]]
    assert letter["shared_passage"] and 0 < letter["similarity"]["min"] <= letter["similarity"]["max"] <= 1
    own = {c.reference for c in questionnaire[11 : 11 + len(OWN)]}
    assert not own & {m for c in board.campaigns for m in c["member_ids"]}
    body = clients["anonymous"].get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert f"{STOCK_ONLY} contributions have no free text" in body and "Sister campaigns" in body
    assert "Contribution to the public consultation" not in letter["representative_text"]
    review = review_get(group=group, viewer=users["secretariat"])
    counts = {s["text"]: s["count"] for s in review.stock_lines}
    assert counts[normalise(FORM[0])] == 25 and counts[normalise(FORM[4])] == 25
    # The sisters merged by the secretariat: one campaign, no family left.
    with django_capture_on_commit_callbacks(execute=True):
        keys = [letter["key"], sister["key"]]
        analysis_decide(actor=users["secretariat"], group=group, kind="merge", record_ids=keys)
    board = dashboard_get(group=group)
    assert [c["size"] for c in board.campaigns] == [11] and board.voices_total == 25 - 11 + 1
    assert not board.campaigns[0]["sisters"]
    _agrees(board)
