"""One count, many views: every figure of an analysis (and of its report) agrees with every other."""

import csv
import json
import re

import pytest
from insight_samples import UNIQUES, campaign_variants

from insight import Record, analyze, load_taxonomy
from insight.questionnaire import questions_from_dicts
from insight.report import _bins, render_report

QUESTIONS = questions_from_dicts(
    [
        {
            "id": "support",
            "kind": "single",
            "label": "Do you support an open domain name system?",
            "choices": [
                {"id": "yes", "label": "Yes", "stance": "support"},
                {"id": "no", "label": "No", "stance": "oppose"},
                {"id": "dk", "label": "No opinion", "stance": "neutral"},
            ],
        },
        {"id": "topics", "kind": "multiple", "label": "Which topics?", "choices": ["Spam", "Privacy", "Names"]},
        {"id": "why", "kind": "open", "label": "Why?"},
    ]
)
COUNTRIES = ["Germany", "Netherlands", "Austria", "KE", "Narnia", "日本"]


def _records() -> list[Record]:
    recs = []
    for i, t in enumerate(campaign_variants()):
        recs.append(
            Record(
                f"c{i}",
                t,
                stakeholder_group="civil-society",
                country="Nigeria",
                submitted_at=f"2005-04-{10 + i:02d}",
                answers={"support": "yes", "topics": ["Names"], "why": "We want the domain name system kept open."},
            )
        )
    for k, (rid, text, group, _country) in enumerate(UNIQUES):
        recs.append(
            Record(
                rid,
                text,
                stakeholder_group=group,
                country=COUNTRIES[k % len(COUNTRIES)],
                submitted_at="2026-01-15T10:00:00Z" if k % 2 else "2005-05-02",
                answers={"support": ["yes", "no", "dk"][k % 3], "topics": ["Spam", "Privacy"][: 1 + k % 2]}
                | ({"why": "Unwanted advertising floods every inbox and nobody stops the senders."} if k % 2 else {}),
            )
        )
    recs.append(Record("att", "Position_paper_final_v2.pdf", stakeholder_group="private-sector", country="FR",
                       attachments=["Position_paper_final_v2.pdf"],
                       answers={"why": "See the attached file."}))  # fmt: skip
    recs.append(
        Record(
            "pl",
            "Komisja powinna opublikować wszystkie dokumenty otrzymane od społeczeństwa, aby zapewnić przejrzystość.",
            language="en",
            country="Polska",
        )
    )
    return recs


@pytest.fixture(scope="module")
def analysis():
    return analyze(_records(), load_taxonomy(), questions=QUESTIONS)


def _views(prefix: str, counts: dict) -> list[str]:
    return [k for k in counts if k.startswith(prefix + "_by_")]


def test_overview_every_view_adds_up_to_the_headline(analysis):
    s, ov = analysis.stats, analysis.overview
    assert ov["raw"] == s["records"] == len(_records())
    assert ov["voices"] == s["voices"] == s["records"] - s["records_in_campaigns"] + s["campaigns"]
    for key in _views("raw", ov):
        assert sum(ov[key].values()) == ov["raw"], key
    for key in _views("voices", ov):
        assert sum(ov[key].values()) == ov["voices"], key
    assert sum(s["languages"].values()) == s["records"]
    assert ov["voices_by_language"].keys() == ov["raw_by_language"].keys()


def test_each_issue_every_view_adds_up(analysis):
    for i in analysis.issues:
        for view in ("group", "region", "country", "day"):
            assert sum(getattr(i, f"raw_by_{view}").values()) == i.raw_total, (i.issue, view)
            assert sum(getattr(i, f"voices_by_{view}").values()) == i.voices_total, (i.issue, view)
        assert i.voices_total <= i.raw_total


def test_each_question_every_view_adds_up(analysis):
    n = analysis.stats["records"]
    for q in analysis.questions:
        assert q.answered.raw + q.not_answered.raw == n
        assert q.answered.voices + q.not_answered.voices == analysis.stats["voices"]
        for t in [q.answered, q.not_answered, *q.choices.values()]:
            for d in ("stakeholder_group", "region", "country"):
                assert sum(t.raw_by[d].values()) == t.raw and sum(t.voices_by[d].values()) == t.voices
    single = next(q for q in analysis.questions if q.question.id == "support")
    assert sum(t.raw for t in single.choices.values()) == single.answered.raw
    assert sum(t.voices for t in single.stance.values()) == single.answered.voices
    # the six signatories of one campaign are six submissions but one voice for "yes"
    assert single.choices["yes"].raw - single.choices["yes"].voices == 5


def test_open_question_is_read_on_its_own(analysis):
    why = next(q for q in analysis.questions if q.question.id == "why")
    # the campaign and three uniques; "See the attached file." answers nothing (counted apart)
    assert why.answered.raw == 6 + 3
    assert why.attachment_only.raw == 1 and why.attachment_only.raw_by["country"] == {"FR": 1}
    assert why.answered.raw + why.not_answered.raw == analysis.stats["records"]
    assert why.as_json()["attachment_only"]["raw"] == 1
    spam = next(i for i in why.issues if i.issue == "spam")
    dns = next(i for i in why.issues if i.issue == "dns")
    assert spam.raw_total >= 3 and dns.raw_total >= 6 and dns.voices_total <= dns.raw_total - 5
    assert sum(i.raw_total for i in why.issues) >= why.answered.raw


def test_countries_by_name_regions_and_unknowns_reported(analysis):
    by_id = {r.id: r for r in analysis.records}
    assert by_id["c0"].country == "NG" and by_id["c0"].region == "Africa"
    ov = analysis.overview
    assert ov["raw_by_country"]["DE"] and ov["raw_by_country"]["NL"] and ov["raw_by_country"]["AT"]
    assert "Asia" in ov["raw_by_region"] and ov["raw_by_country"]["JP"]  # 日本
    assert analysis.stats["unknown_countries"] == {"Narnia": 1, "Polska": 1}
    unknown = [r for r in analysis.records if "country_unknown" in r.flags]
    assert {r.country_given for r in unknown} == {"Narnia", "Polska"}
    assert all(r.region is None for r in unknown)


def test_language_flags_and_no_free_text(analysis):
    by_id = {r.id: r for r in analysis.records}
    assert by_id["pl"].language == "pl" and by_id["pl"].language_given == "en"
    assert "language_contradicted" in by_id["pl"].flags
    assert by_id["att"].language is None and {"no_free_text", "attachment_only"} <= set(by_id["att"].flags)
    assert analysis.stats["no_free_text"] == 1 and analysis.stats["attachment_only"] == 1
    assert analysis.stats["language_contradictions"] == {"en->pl": 1}


def test_quotes_are_sentences_never_file_names(analysis):
    quoted = [e for i in analysis.issues for e in i.representative + i.distinct]
    assert quoted and all(e.record_id != "att" for e in quoted)
    assert all(len(e.text.split()) >= 6 or (e.text.isascii() is False and len(e.text) >= 12) for e in quoted)


def _fold(text: str) -> str:
    return " ".join(text.replace("…", " ").split())


def test_question_quotes_are_sentences_from_the_answers(analysis):
    """Per question, the quotes are the respondents' own sentences (a passage of the answer quoted), never a file
    name or a pointer to an attachment."""
    answers = {r.id: r.answers or {} for r in _records()}
    why = next(q for q in analysis.questions if q.question.id == "why")
    quoted = [e for i in why.issues for e in i.representative + i.distinct]
    assert quoted and all(e.record_id != "att" for e in quoted)
    for e in quoted:
        assert len(e.text.split()) >= 6 and "attach" not in e.text.lower()
        assert all(part in _fold(answers[e.record_id]["why"]) for part in _fold(e.text).split(" ") if part)


def test_time_axis_keeps_gaps():
    unit, bins = _bins({"2005-04-10": 3, "2026-01-15": 2})
    assert unit == "year" and len(bins) == 22 and bins[0][1] == 3 and bins[-1][1] == 2
    assert sum(v for _, v in bins) == 5 and sum(1 for _, v in bins if v == 0) == 20
    unit, bins = _bins({"2005-04-10": 1, "2005-04-12": 1})
    assert unit == "day" and [v for _, v in bins] == [1, 0, 1]


def test_report_shows_the_same_figures(analysis, tmp_path):
    html = render_report(analysis)
    s = analysis.stats
    assert f"{s['records']} submissions, {s['campaigns']} campaigns holding {s['records_in_campaigns']}" in html
    assert f"so {s['voices']} distinct voices" in html
    # the country table's total row is the headline
    totals = re.findall(r"<tr class='total'><td>total</td><td>(\d+)</td><td>(\d+)</td></tr>", html)
    assert (str(s["records"]), str(s["voices"])) in totals
    assert "Methods and caveats" in html and "Narnia" in html and "attachment" in html
    assert "<svg" in html and ">NG</text>" in html  # the tile map
    assert "Position_paper" not in html.split("Methods and caveats")[0]
    analysis.write(str(tmp_path))
    with (tmp_path / "records.csv").open(encoding="utf-8") as f:
        flat = list(csv.DictReader(f))
    assert len(flat) == s["records"]
    assert {r["id"]: r["answer:support"] for r in flat}["c0"] == "yes"
    assert sum(1 for r in flat if r["campaign"]) == s["records_in_campaigns"]
    # Every record with its assigned issues, their scores and evidence, its flags, language, campaign and family.
    rows = {r["id"]: r for r in flat}
    families = {c.id: c.family for c in analysis.campaigns}
    for res in analysis.records:
        row = rows[res.id]
        assert row["language"] == (res.language or "") and row["campaign"] == (res.campaign or "")
        assert row["family"] == ((families.get(res.campaign) or "") if res.campaign else "")
        assert row["no_free_text"] == str(int("no_free_text" in res.flags))
        assert row["attachment_only"] == str(int("attachment_only" in res.flags))
        assert row["none_of_these"] == str(int(not res.assigned))
        assert row["assigned_issues"] == ";".join(slug for slug, _, _ in res.assigned)
        for k, (slug, _, score) in enumerate(res.assigned[:3], 1):
            assert row[f"assigned_{k}"] == slug and float(row[f"assigned_score_{k}"]) == round(score, 4)
            assert row[f"evidence_{k}"] == res.evidence[slug] and row[f"evidence_{k}"]
    assert rows["att"]["no_free_text"] == "1" and rows["att"]["attachment_only"] == "1"
    assert rows["att"]["assigned_issues"] == "" and rows["att"]["none_of_these"] == "1"
    assert rows["pl"]["language"] == "pl" and rows["c0"]["campaign"]
    q = json.loads((tmp_path / "questions.json").read_text())["questions"]
    assert [x["id"] for x in q] == ["support", "topics", "why"]
