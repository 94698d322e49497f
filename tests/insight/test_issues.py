"""Issues read well: several issues with their evidence, a real "none of these", taxonomy fit, calibration on
held-out tags, the records that would teach most and what a batch of tags changed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from insight import Record, SerialExecutor, analyze, taxonomy_from_dict
from insight.learner import ASSIGN_P, assign, fit_learner, platt, taxonomy_fit
from insight.tagging import compare_results, records_to_tag, uncertainty

LABELLED = Path(__file__).resolve().parents[2] / "insight" / "data" / "labelled.jsonl"

SPAM = (
    "Every morning my inbox holds hundreds of unsolicited advertising messages that I never asked for, and the "
    "filters of my provider let most of this junk mail through. Bulk senders should be fined."
)
FOSS = (
    "Public administrations should adopt free and open-source software for their desktops and servers, so that "
    "schools and ministries stop paying licence fees to foreign vendors and can adapt the code themselves."
)
OFF_TOPIC = [
    "I love cooking pasta with fresh tomatoes and basil on Sunday evenings with my grandmother.",
    "The football match last night ended in a draw after extra time, and the fans sang until midnight.",
    "Our family holiday in the mountains was relaxing; the hotel served wonderful cheese and the lake was warm.",
    "Mix two cups of flour with sugar and three eggs, then bake the cake for forty minutes at medium heat.",
]
FARMING = {
    "group": "farm",
    "name": "Farming",
    "clusters": [
        {
            "number": 1,
            "slug": "crops",
            "title": "Crops",
            "issues": [
                {"slug": "irrigation", "title": "Irrigation of fields", "description": "Water for crops, wells."},
                {"slug": "seeds", "title": "Seed varieties", "description": "Hybrid seeds and seed banks."},
            ],
        },
        {
            "number": 2,
            "slug": "animals",
            "title": "Livestock",
            "issues": [
                {"slug": "cattle", "title": "Cattle and grazing", "description": "Cows, pasture and herds."},
                {"slug": "poultry", "title": "Poultry farming", "description": "Chickens, eggs, bird flu."},
            ],
        },
    ],
}


def labelled_rows() -> list[dict]:
    return [json.loads(line) for line in LABELLED.open(encoding="utf-8")]


def test_a_record_gets_every_issue_it_addresses_each_with_its_passage(taxonomy):
    text = SPAM + "\n\n" + FOSS
    # Analysed apart: together, "one" (contained in "two") is a member of its campaign and shares its reading.
    (two,) = analyze([Record("two", text)], taxonomy, executor=SerialExecutor()).records
    (one,) = analyze([Record("one", SPAM)], taxonomy, executor=SerialExecutor()).records
    got = [s for s, _, _ in two.assigned]
    assert "spam" in got and "open-source" in got, got
    assert two.evidence["spam"] in SPAM and "inbox" in two.evidence["spam"]
    assert two.evidence["open-source"] in FOSS and "software" in two.evidence["open-source"]
    assert [s for s, _, _ in one.assigned] == ["spam"]
    assert one.evidence["spam"].startswith("Every morning")
    out = two.as_json()
    assert {d["issue"] for d in out["assigned"]} >= {"spam", "open-source"} and out["none"] is False
    assert all(d["evidence"] for d in out["assigned"])


def test_empty_off_topic_and_attachment_only_texts_get_none(taxonomy):
    recs = [
        Record("empty", ""),
        Record("blank", "   "),
        Record("files", "Position_paper_v2.pdf annex_3_final.docx", attachments=["Position_paper_v2.pdf"]),
        Record("pointer", "See attached.", attachments=["comments.pdf"]),
    ]
    recs += [Record(f"off{i}", t) for i, t in enumerate(OFF_TOPIC)]
    recs.append(Record("on", SPAM))
    a = analyze(recs, taxonomy, executor=SerialExecutor())
    by_id = {r.id: r for r in a.records}
    for rid in ["empty", "blank", "files", "pointer"] + [f"off{i}" for i in range(len(OFF_TOPIC))]:
        assert by_id[rid].assigned == [], (rid, by_id[rid].assigned)
        assert "no_issue" in by_id[rid].flags
        assert by_id[rid].as_json()["none"] is True
    assert [s for s, _, _ in by_id["on"].assigned] == ["spam"]
    # "None of these" counts for no issue: the issues' raw totals are the records given each issue.
    assert sum(i.raw_total for i in a.issues) == sum(len(r.assigned) for r in a.records)


def test_taxonomy_fit_warns_on_a_mismatched_taxonomy_and_not_on_a_fitting_one(taxonomy):
    rows = labelled_rows()[::4]
    recs = [Record(r["id"], r["text"]) for r in rows]
    fitting = analyze(recs, taxonomy, executor=SerialExecutor()).stats["taxonomy_fit"]
    assert fitting["warnings"] == [], fitting
    wrong = analyze(recs, taxonomy_from_dict(FARMING), executor=SerialExecutor()).stats["taxonomy_fit"]
    assert wrong["warnings"], wrong
    assert wrong["none_share"] > 0.5


def test_taxonomy_fit_warning_reaches_the_cli_summary_and_the_report(tmp_path):
    import io

    from insight.cli import analyze_file, print_summary
    from insight.report import render_report

    rows = labelled_rows()[::6]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
    tax = tmp_path / "farming.json"
    tax.write_text(json.dumps(FARMING), encoding="utf-8")
    summary = analyze_file(str(src), str(tmp_path / "out"), taxonomy_path=str(tax), executor=SerialExecutor())
    assert summary["taxonomy_fit"]["warnings"]
    out = io.StringIO()
    print_summary(summary, None, None, file=out)
    assert "Taxonomy fit: " in out.getvalue() and "none of the taxonomy's issues" in out.getvalue()
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "none of the taxonomy&#x27;s issues" in html or "none of the taxonomy's issues" in html
    a = analyze([Record(r["id"], r["text"]) for r in rows], taxonomy_from_dict(FARMING), executor=SerialExecutor())
    assert "none of the taxonomy" in render_report(a)


def test_taxonomy_fit_warns_when_one_issue_takes_most():
    fit = taxonomy_fit(2, 100, np.array([90, 5, 3]), ["a", "b", "c"])
    assert len(fit["warnings"]) == 1 and "'a'" in fit["warnings"][0]
    assert fit["warning_codes"] == ["one_issue"]
    assert taxonomy_fit(2, 100, np.array([40, 30, 28]), ["a", "b", "c"])["warnings"] == []


def test_scores_are_calibrated_on_held_out_tags(taxonomy):
    """Train on half of the labelled set's tags, score the other half: per-issue probabilities in a bin are right
    about as often as they say (expected calibration error, one-against-rest pairs, under 0.1)."""
    from insight.classify import embed, make_teacher

    rows = labelled_rows()
    slugs = taxonomy.slugs
    texts = [r["text"] for r in rows]
    y = np.zeros((len(rows), len(slugs)))
    for k, r in enumerate(rows):
        y[k, slugs.index(r["issue"])] = 1
    emb = embed(texts)
    raw = make_teacher(taxonomy).raw(emb)
    train = np.arange(len(rows)) % 2 == 0
    test = ~train
    learner = fit_learner(emb[train], [t for t, m in zip(texts, train, strict=True) if m], raw[train], y[train])
    p = learner.probabilities(emb[test], [t for t, m in zip(texts, test, strict=True) if m], raw[test])
    conf = p.ravel()
    hit = y[test].ravel()
    bins = np.minimum((conf * 10).astype(int), 9)
    ece = sum(
        abs(conf[bins == b].mean() - hit[bins == b].mean()) * (bins == b).sum() for b in range(10) if (bins == b).any()
    )
    ece /= len(conf)
    assert ece < 0.1, ece
    # And they say something: the best issue is right on most held-out texts.
    assert (p.argmax(axis=1) == y[test].argmax(axis=1)).mean() > 0.6


def test_platt_maps_scores_to_their_frequency():
    rng = np.random.default_rng(0)
    s = rng.normal(size=4000)
    truth = rng.random(4000) < 1 / (1 + np.exp(-(2 * s - 1)))
    a, b = platt(s, truth.astype(float))
    assert a == pytest.approx(2, abs=0.3) and b == pytest.approx(-1, abs=0.2)


def test_assign_none_best_and_others():
    p = np.array([[0.2, 0.9, 0.6], [0.3, 0.2, 0.1], [0.4, 0.1, 0.1]])
    topic = np.array([0.9, 0.2, 0.9])
    assert assign(p, topic) == [[1, 2], [], [0]]
    assert assign(p[2:], topic[2:], [[(2, ASSIGN_P + 0.1)]]) == [[0, 2]]


def test_records_to_tag_returns_the_most_uncertain(taxonomy):
    rows = labelled_rows()[:60]
    recs = [Record(r["id"], r["text"], issues=[r["issue"]] if k < 20 else None) for k, r in enumerate(rows)]
    a = analyze(recs, taxonomy, executor=SerialExecutor())
    picked = records_to_tag(a, 5)
    assert len(picked) == 5
    tagged = {r["id"] for r in rows[:20]}
    assert not tagged & {rid for rid, _ in picked}
    u = {r.id: uncertainty([s for _, _, s in r.issues]) for r in a.records if r.id not in tagged}
    threshold = sorted(u.values(), reverse=True)[4]
    assert all(u[rid] >= threshold - 1e-4 for rid, _ in picked)
    assert [v for _, v in picked] == sorted((v for _, v in picked), reverse=True)


def test_compare_results_says_what_a_batch_of_tags_moved(taxonomy):
    rows = labelled_rows()[:80]
    before = analyze([Record(r["id"], r["text"]) for r in rows], taxonomy, executor=SerialExecutor())
    after = analyze(
        [Record(r["id"], r["text"], issues=[r["issue"]] if k % 3 == 0 else None) for k, r in enumerate(rows)],
        taxonomy,
        executor=SerialExecutor(),
    )
    diff = compare_results(before, after)
    assert diff["tagged_before"] == 0 and diff["tagged_after"] == 27
    assert diff["records_compared"] == 80
    by = {d["issue"]: d for d in diff["issues"]}
    for i in after.issues:
        assert by[i.issue]["raw_after"] == i.raw_total
        assert by[i.issue]["raw_change"] == i.raw_total - by[i.issue]["raw_before"]
    assert diff["records_changed"] == len(diff["changed_ids"]) > 0
    assert compare_results(after, after)["records_changed"] == 0


def test_keyword_reader_joins_the_zero_shot_reading():
    """The keyword reader (TF-IDF cosine to each issue's own words) is highest for the issue whose words a text
    uses, and the mixture follows it where the embedding hesitates."""
    from insight.learner import keyword_similarity, mix

    issues = ["Irrigation of fields water wells", "Poultry farming chickens eggs"]
    kw = keyword_similarity(["The wells ran dry and the fields need irrigation water.", "Eggs and chickens."], issues)
    assert kw[0].argmax() == 0 and kw[1].argmax() == 1
    raw = np.array([[0.30, 0.31], [0.30, 0.31]], np.float32)  # an embedding that cannot tell
    assert mix(raw, kw).argmax(axis=1).tolist() == [0, 1]
    assert mix(raw, None) is raw


def test_keyword_reader_gives_scikit_learns_figures_without_loading_it():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from insight.classify import reading
    from insight.learner import keyword_similarity

    texts = [r["text"] for r in labelled_rows()[:60]] + ["", "Ça coûte très cher, l'accès à l'Internet."]
    issues = ["Spam and junk mail, unsolicited e-mail", "Internet access costs: leased lines", "Accès à l'Internet"]
    docs = [" ".join(reading(t)) for t in texts]
    vec = TfidfVectorizer(sublinear_tf=True).fit(docs + issues)
    expected = (vec.transform(docs) @ vec.transform(issues).T).toarray()
    assert np.abs(keyword_similarity(texts, issues) - expected).max() < 1e-6


def test_learner_chooses_the_prior_weight_on_inner_folds_and_teaches_itself(taxonomy):
    """With tags, the prior's weight is one of the grid's, chosen on inner folds of the tags; given untagged
    records, the learner adds pseudo-tags from them and still scores the held-out tags well."""
    from insight.classify import embed, make_teacher
    from insight.learner import PRIOR_WEIGHTS

    rows = labelled_rows()
    slugs = taxonomy.slugs
    texts = [r["text"] for r in rows]
    y = np.zeros((len(rows), len(slugs)))
    for k, r in enumerate(rows):
        y[k, slugs.index(r["issue"])] = 1
    emb = embed(texts)
    raw = make_teacher(taxonomy).raw(emb)
    train = np.arange(len(rows)) % 2 == 0
    test = ~train
    t_train = [t for t, m in zip(texts, train, strict=True) if m]
    t_test = [t for t, m in zip(texts, test, strict=True) if m]
    learner = fit_learner(emb[train], t_train, raw[train], y[train], corpus=(emb[test], t_test, raw[test], None))
    assert learner.prior_weight in PRIOR_WEIGHTS and learner.info["folds"] >= 2
    assert learner.info["pseudo_tags"] > 0
    p = learner.probabilities(emb[test], t_test, raw[test])
    assert (p.argmax(axis=1) == y[test].argmax(axis=1)).mean() > 0.6


def test_keyword_weight_is_read_from_the_corpus_readers_agreement():
    """The keyword reader weighs more where it agrees with the embedding on how texts divide between the issues,
    little where it reads noise, nothing where it reads nothing; the mixture keeps the embedding's spread."""
    from insight.learner import FALLBACK_KEYWORD_WEIGHT, MAX_KEYWORD_WEIGHT, keyword_mixing, mix

    rng = np.random.default_rng(3)
    truth = rng.normal(size=(300, 6))
    raw = 0.1 * (truth + rng.normal(size=truth.shape))
    agreeing = 0.03 * (truth + rng.normal(size=truth.shape))  # as reliable as the embedding
    noisy = 0.03 * (truth + 3.0 * rng.normal(size=truth.shape))
    w_agree, scale = keyword_mixing(raw, agreeing)
    w_noisy, _ = keyword_mixing(raw, noisy)
    w_none, _ = keyword_mixing(raw, 0.03 * rng.normal(size=truth.shape))
    assert 0 < w_noisy < 1 < w_agree <= MAX_KEYWORD_WEIGHT
    assert w_none < 0.1
    assert keyword_mixing(raw, np.zeros_like(raw)) == (0.0, 1.0)
    m = mix(raw, agreeing, (w_agree, scale))
    centred = lambda a: a - a.mean(axis=1, keepdims=True)  # noqa: E731
    assert abs(centred(m).std() / centred(raw).std() - 1) < 1e-3
    # Two readers as reliable as each other: the mixture reads the truth better than either alone.
    hits = [(s.argmax(axis=1) == truth.argmax(axis=1)).mean() for s in (raw, agreeing, m)]
    assert hits[2] >= max(hits[:2])
    # A handful of texts says too little about agreement: a fixed, moderate weight.
    assert keyword_mixing(raw[:5], agreeing[:5])[0] == FALLBACK_KEYWORD_WEIGHT


@pytest.mark.parametrize("per_issue", [2, 6])
def test_with_few_tags_the_held_out_calibration_is_mixed_with_the_learners_own(taxonomy, per_issue):
    """Platt's mapping on out-of-fold scores weighs n / (n + CALIBRATION_PRIOR_TAGS) for n tags, the learner's own
    probabilities the rest (the former is too timid with few tags, the latter too bold), and the best issue's
    probability on the untagged texts then says how often it is right."""
    from insight.classify import embed, make_teacher
    from insight.learner import CALIBRATION_PRIOR_TAGS, sigmoid

    rows = labelled_rows()
    slugs = taxonomy.slugs
    texts = [r["text"] for r in rows]
    y = np.zeros((len(rows), len(slugs)))
    for k, r in enumerate(rows):
        y[k, slugs.index(r["issue"])] = 1
    emb = embed(texts)
    raw = make_teacher(taxonomy).raw(emb)
    seen: dict[str, int] = {}
    train = np.zeros(len(rows), bool)
    for k, r in enumerate(rows):
        if seen.get(r["issue"], 0) < per_issue:
            seen[r["issue"]] = seen.get(r["issue"], 0) + 1
            train[k] = True
    test = ~train
    t_test = [t for t, m in zip(texts, test, strict=True) if m]
    learner = fit_learner(emb[train], [t for t, m in zip(texts, train, strict=True) if m], raw[train], y[train])
    n = train.sum()
    assert learner.platt_share == pytest.approx(n / (n + CALIBRATION_PRIOR_TAGS))
    p = learner.probabilities(emb[test], t_test, raw[test])
    z = learner.logits(emb[test], t_test, raw[test])
    a, b = learner.platt
    share = learner.platt_share
    assert np.allclose(p, (share * sigmoid(a * z + b) + (1 - share) * np.exp(z)) * learner.on_topic(raw[test])[:, None])
    # The best issue's probability says how often it is right (expected calibration error under 0.15).
    conf, hit = p.max(axis=1), (p.argmax(axis=1) == y[test].argmax(axis=1)).astype(float)
    bins = np.minimum((conf * 10).astype(int), 9)
    ece = sum(
        abs(conf[bins == k].mean() - hit[bins == k].mean()) * (bins == k).sum() for k in range(10) if (bins == k).any()
    )
    assert ece / len(conf) < 0.15, ece / len(conf)
