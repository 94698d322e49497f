"""The analysis engine in the web app: runs after publication, a dashboard per group and call, suggestions in
the moderation queue that the secretariat accepts or overrides, campaigns counted as one voice."""

from django.urls import reverse

from plenary.analysis.models import AnalysisRun, RunStatus, RunTrigger
from plenary.analysis.selectors import dashboard_get
from plenary.analysis.services import analysis_execute, analysis_request, suggestions_accept, suggestions_compute
from plenary.consultations.models import Contribution
from plenary.core.models import Event
from plenary.issues.models import Issue

from .inputs import UNIQUE
from .inputs import submit as _submit


def test_publication_runs_the_analysis_and_counts_campaigns_once(published, group, call):
    runs = AnalysisRun.objects.filter(group=group)
    assert runs.filter(call=None, status=RunStatus.DONE).exists()
    assert runs.filter(call=call, status=RunStatus.DONE).exists()
    board = dashboard_get(group=group)
    assert board.raw_total == 8
    assert board.voices_total == 4  # one campaign of five, three unique comments
    assert len(board.campaigns) == 1 and board.campaigns[0]["size"] == 5
    campaign_refs = {c.reference for c in published[:5]}
    keys = set(Contribution.objects.filter(reference__in=campaign_refs).values_list("campaign", flat=True))
    assert len(keys) == 1 and keys.pop() in campaign_refs
    assert Contribution.objects.get(pk=published[5].pk).campaign == ""
    spam = next(row for row in board.by_issue if row["issue"] == "spam")
    assert spam["raw"] == 5 and spam["voices"] == 1
    top = Contribution.objects.get(pk=published[5].pk).suggested_tags[0]["issue"]
    assert top == "leased-line-costs"


def test_dashboards_render_with_charts_and_numbers(published, client, group, call):
    body = client.get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert "<svg" in body and "One voice, 5 signatories" in body
    assert "Contributions by issue" in body
    body = client.get(reverse("analysis:call", args=[group.slug, call.slug])).content.decode()
    assert "Analysis: Open call" in body and "One voice, 5 signatories" in body


def test_the_dashboard_holds_nothing_unpublished(published, call, client, group, users):
    hidden = _submit(call, "A SECRETUNPUBLISHEDWORD about domain names and the DNS root.", title="HIDDENTITLE")
    run = analysis_request(actor=users["secretariat"], group=group, trigger=RunTrigger.ON_DEMAND)
    analysis_execute(run_id=run.pk)
    body = client.get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert "SECRETUNPUBLISHEDWORD" not in body and hidden.reference not in body
    assert dashboard_get(group=group).raw_total == 8


def test_input_that_leaves_the_public_record_leaves_the_dashboards(
    published, client, group, users, django_capture_on_commit_callbacks
):
    """Published, quoted, then marked spam: it is quoted no more at once, and a new run makes the counts follow."""
    from plenary.consultations.services import contribution_mark_spam

    leaving = published[5]  # a unique comment, quoted as an excerpt of its issue
    before = client.get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert leaving.reference in before
    contribution_mark_spam(actor=users["secretariat"], contribution=leaving)
    body = client.get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert leaving.reference not in body and "lignes louées" not in body
    with django_capture_on_commit_callbacks(execute=True):
        contribution_mark_spam(actor=users["secretariat"], contribution=published[6])
    assert dashboard_get(group=group).raw_total == 6  # the rerun queued by the change counted without both


def test_only_the_secretariat_runs_the_analysis_on_demand(clients, group, taxonomy, django_capture_on_commit_callbacks):
    url = reverse("analysis:request_run", args=[group.slug])
    for role in ["anonymous", "participant", "member", "chair", "other_group_secretariat"]:
        assert clients[role].post(url).status_code in (302, 403), role
    assert not AnalysisRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert clients["secretariat"].post(url).status_code == 302
    run = AnalysisRun.objects.get()
    assert run.trigger == RunTrigger.ON_DEMAND and run.status == RunStatus.DONE  # immediate backend in tests
    assert Event.objects.for_object(run).get().verb == "analysis_requested"


def test_a_queued_run_is_not_queued_twice(group, taxonomy, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    first = analysis_request(actor=None, group=group, trigger=RunTrigger.PUBLISHED)
    second = analysis_request(actor=None, group=group, trigger=RunTrigger.PUBLISHED)
    assert first.pk == second.pk
    analysis_execute(run_id=first.pk)
    assert analysis_execute(run_id=first.pk).status == RunStatus.DONE  # running it again changes nothing


def test_a_burst_of_submissions_queues_one_suggestion_task(
    call, taxonomy, group, settings, django_capture_on_commit_callbacks
):
    """Suggestions never block a submission, and a burst makes one task for the group, not one each."""
    from django.tasks import default_task_backend

    from plenary.analysis.models import SuggestionBatch
    from plenary.analysis.services import suggestions_batch

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.PLENARY_ANALYSIS_AUTOMATIC = True
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        items = [_submit(call, f"{text} ({n})", country) for n, (text, country) in enumerate(UNIQUE * 3)]
    queued = [r for r in default_task_backend.results if "suggestions_batch" in r.task.module_path]
    assert len(queued) == 1 and SuggestionBatch.objects.filter(group=group).count() == 1
    assert all(not Contribution.objects.get(pk=c.pk).suggested_tags for c in items)
    assert suggestions_batch(group_id=group.pk) == len(items)
    assert all(Contribution.objects.get(pk=c.pk).suggested_tags for c in items)
    assert not SuggestionBatch.objects.exists() and not Contribution.objects.filter(suggestions_pending=True).exists()


def test_suggestions_are_accepted_or_overridden_on_the_record(call, taxonomy, users, clients, group):
    contribution = _submit(call, "Les pays en développement paient trop cher les lignes louées internationales.")
    tags = suggestions_compute(contribution_id=contribution.pk)
    assert tags[0]["issue"] == "leased-line-costs" and 0 < tags[0]["score"] <= 1
    contribution.refresh_from_db()
    chosen = suggestions_accept(actor=users["secretariat"], contribution=contribution)
    assert "leased-line-costs" in chosen
    assert list(contribution.issues.values_list("slug", flat=True)) == chosen
    verbs = list(Event.objects.for_object(contribution).values_list("verb", flat=True))
    assert "suggestions_accepted" in verbs and "tagged" in verbs

    url = reverse("analysis:suggestions_decide", args=[group.slug, contribution.pk])
    response = clients["member"].post(url, {"decision": "override", "issues": [taxonomy["dns"].pk]})
    assert response.status_code == 403
    response = clients["secretariat"].post(
        url,
        {"decision": "override", "issues": [taxonomy["capacity-building"].pk], "next": f"/{group.slug}/moderation/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/{group.slug}/moderation/"
    assert list(contribution.issues.values_list("slug", flat=True)) == ["capacity-building"]
    override = Event.objects.for_object(contribution).filter(verb="suggestions_overridden").get()
    assert override.changes["suggested"][1] == ["capacity-building"]
    assert override.changes["suggested"][0][0] == "leased-line-costs"


def test_a_failing_engine_ends_the_run_with_a_readable_status(
    group, monkeypatch, published, django_capture_on_commit_callbacks
):
    import insight

    def broken(*args, **kwargs):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(insight, "analyze", broken)
    with django_capture_on_commit_callbacks(execute=True):
        run = analysis_request(actor=None, group=group, trigger=RunTrigger.ON_DEMAND)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "model file unreadable" in run.error


def test_published_list_shows_each_campaign_once_with_its_signatories(published, client, group):
    url = reverse("consultations:contributions", args=[group.slug])
    body = client.get(url).content.decode()
    assert "8 contributions" in body and "4 voices" in body
    assert "campaign: one voice, 5 signatories" in body
    shown = [c.reference for c in published if c.reference in body]
    assert len(shown) == 4  # the campaign's representative and the three unique comments
    key = Contribution.objects.get(pk=published[0].pk).campaign
    every = client.get(url, {"campaign": key}).content.decode()
    assert all(c.reference in every for c in published[:5])


def test_moderation_page_offers_the_suggestions(call, taxonomy, clients, group):
    contribution = _submit(call, "Spam floods our inboxes; unsolicited e-mail must be fought across borders.")
    suggestions_compute(contribution_id=contribution.pk)
    from plenary.core.trail import score_label

    url = reverse("consultations:moderate", args=[group.slug, contribution.pk])
    body = clients["secretariat"].get(url).content.decode()
    spam = Issue.objects.get(cluster__group=group, slug="spam")
    # Every suggestion by the issue's name with its score, in the same form as the decision; none left out.
    for tag in contribution.__class__.objects.get(pk=contribution.pk).suggested_tags:
        name = Issue.objects.get(cluster__group=group, slug=tag["issue"]).title
        assert f"{name} (suggested, {score_label(tag['score'])})" in body
    assert "0.00" not in body and 'name="action"' in body and 'value="spam"' in body
    response = clients["secretariat"].post(url, {"issues": ["spam"], "action": "publish", "reason": ""})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "published" and list(contribution.issues.all()) == [spam]
    verbs = list(Event.objects.for_object(contribution).values_list("verb", flat=True))
    assert {"tagged", "published"} <= set(verbs)
    assert {"suggestions_accepted", "suggestions_overridden"} & set(verbs)


def test_every_figure_of_the_dashboard_agrees_with_the_headline(published, group):
    """One count, many views: each breakdown of who took part adds up to the headline, raw and as voices."""
    board = dashboard_get(group=group)
    for rows in (board.by_group, board.by_region, board.by_language, board.by_month):
        assert sum(r["raw"] for r in rows) == board.raw_total
        assert sum(r["voices"] for r in rows) == board.voices_total


def test_the_time_axis_shows_gaps_as_gaps():
    from plenary.analysis.charts import on_a_time_axis

    rows, unit = on_a_time_axis(
        [{"month": "2005-01", "raw": 3, "voices": 2}, {"month": "2005-04", "raw": 1, "voices": 1}]
    )
    assert unit == "month" and [r["period"] for r in rows] == ["2005-01", "2005-02", "2005-03", "2005-04"]
    assert rows[1]["raw"] == 0
    rows, unit = on_a_time_axis(
        [{"month": "2005-01", "raw": 3, "voices": 2}, {"month": "2026-12", "raw": 1, "voices": 1}]
    )
    assert unit == "year" and len(rows) == 22 and rows[10]["raw"] == 0


def test_the_records_table_holds_every_public_contribution_with_its_results(published, client, group, call, users):
    """records.csv of a dashboard: the engine's flat table, one row per contribution the public may see, with its
    campaign and family, flags, language and every assigned issue with its score and evidence; nothing unpublished."""
    import csv
    import io

    hidden = _submit(call, "A SECRETUNPUBLISHEDWORD about domain names and the DNS root.", title="HIDDENTITLE")
    run = analysis_request(actor=users["secretariat"], group=group, trigger=RunTrigger.ON_DEMAND)
    analysis_execute(run_id=run.pk)
    body = client.get(reverse("analysis:group", args=[group.slug])).content.decode()
    assert reverse("analysis:records_csv", args=[group.slug]) in body
    response = client.get(reverse("analysis:records_csv", args=[group.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 8 and hidden.reference not in {r["id"] for r in rows}
    assert "SECRETUNPUBLISHEDWORD" not in text
    assert sum(1 for r in rows if r["campaign"]) == 5
    for r in rows:
        assert r["language"] and r["no_free_text"] == "0" and r["attachment_only"] == "0"
        if r["none_of_these"] == "0":
            first = r["assigned_issues"].split(";")[0]
            assert r["assigned_1"] == first and float(r["assigned_score_1"]) > 0 and r["evidence_1"]
    campaign_row = next(r for r in rows if r["campaign"])
    assert campaign_row["assigned_1"] == "spam" and "spam" in campaign_row["evidence_1"].lower()
    call_rows = client.get(reverse("analysis:call_records_csv", args=[group.slug, call.slug]))
    assert call_rows.status_code == 200 and len(b"".join(call_rows.streaming_content).decode().splitlines()) == 9


def test_the_records_table_comes_as_an_excel_workbook_with_the_same_rows(published, client, group, call, users):
    """records.xlsx: the same rows and columns as records.csv, nothing unpublished, formula-like cells as text."""
    import csv
    import io

    import openpyxl

    hidden = _submit(call, "A SECRETUNPUBLISHEDWORD about domain names and the DNS root.", title="HIDDENTITLE")
    run = analysis_request(actor=users["secretariat"], group=group, trigger=RunTrigger.ON_DEMAND)
    analysis_execute(run_id=run.pk)
    assert (
        reverse("analysis:records_xlsx", args=[group.slug])
        in client.get(reverse("analysis:group", args=[group.slug])).content.decode()
    )
    response = client.get(reverse("analysis:records_xlsx", args=[group.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{group.slug}-records.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)["records"]
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    csv_response = client.get(reverse("analysis:records_csv", args=[group.slug]))
    csv_rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert cells[0] == csv_rows[0] and len(cells) == len(csv_rows) == 9
    assert [r[0] for r in cells[1:]] == [r[0] for r in csv_rows[1:]]
    assert hidden.reference not in {r[0] for r in cells}
    call_book = client.get(reverse("analysis:call_records_xlsx", args=[group.slug, call.slug]))
    assert call_book.status_code == 200


def test_the_records_workbook_refuses_a_table_too_large_for_a_spreadsheet(published, client, group, users, monkeypatch):
    import insight.io

    run = analysis_request(actor=users["secretariat"], group=group, trigger=RunTrigger.ON_DEMAND)
    analysis_execute(run_id=run.pk)
    monkeypatch.setattr(insight.io, "XLSX_MAX_ROWS", 3)
    response = client.get(reverse("analysis:records_xlsx", args=[group.slug]))
    assert response.status_code == 413 and "CSV" in response.content.decode()


def test_the_records_table_of_a_scope_never_analysed_is_not_found(client, group):
    assert client.get(reverse("analysis:records_csv", args=[group.slug])).status_code == 404
