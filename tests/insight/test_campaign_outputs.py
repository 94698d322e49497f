"""Stock lines and campaigns through the whole pipeline: listed in the outputs, counted, and decisions that follow."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from insight_samples import UNIQUES, campaign_variants
from test_campaign_trust import FORM, OWN, _sister_variants

from insight import Options, Record, analyze
from insight.boilerplate import normalise
from insight.cli import main
from insight.decisions import Decision, dissolve, figures, merge, split
from insight.executors import SerialExecutor
from insight.report import render_report

STOCK_ONLY = 3


def _records() -> list[Record]:
    recs = [
        Record(f"c{i}", "\n".join([t, *FORM]), stakeholder_group="civil-society", country="NG")
        for i, t in enumerate(campaign_variants())
    ]
    recs += [
        Record(f"s{i}", "\n".join([*FORM, t]), stakeholder_group="private-sector", country="DE")
        for i, t in enumerate(_sister_variants())
    ]
    recs += [
        Record(f"o{i}", "\n".join([t, *FORM]), stakeholder_group="government", country="FR") for i, t in enumerate(OWN)
    ]
    recs += [Record(i, t, stakeholder_group=g, country=c) for i, t, g, c in UNIQUES]
    recs += [Record(f"f{i}", "\n".join(FORM), stakeholder_group="government", country="BR") for i in range(STOCK_ONLY)]
    return recs


@pytest.fixture(scope="module")
def run(taxonomy):
    return analyze(_records(), taxonomy, executor=SerialExecutor())


def test_stock_lines_are_listed_with_their_frequency(run):
    lines = {s.text: s.count for s in run.boilerplate.lines}
    n = len(_records())
    assert lines[normalise(FORM[0])] == n - len(UNIQUES)
    assert run.stats["stock_lines"] == len(run.boilerplate.lines) >= 5
    assert run.stats["records_with_stock_lines"] == n - len(UNIQUES)
    html = render_report(run)
    assert "Contribution to the public consultation".lower() in html.lower()


def test_stock_only_records_have_no_free_text_and_are_counted(run):
    by_id = {r.id: r for r in run.records}
    for i in range(STOCK_ONLY):
        r = by_id[f"f{i}"]
        assert r.campaign is None and r.language is None
        assert "no_free_text" in r.flags and "stock_only" in r.flags
    assert run.stats["stock_only"] == STOCK_ONLY
    assert run.stats["no_free_text"] >= STOCK_ONLY
    assert run.overview["raw"] == len(run.records)
    # The form is the same in all records, yet none of the own comments became a campaign.
    assert all(by_id[f"o{i}"].campaign is None for i in range(len(OWN)))


def test_campaigns_show_why_and_sisters_share_a_family(run, tmp_path):
    by_id = {r.id: r for r in run.records}
    a, b = by_id["c0"].campaign, by_id["s0"].campaign
    assert a and b and a != b
    ca, cb = (next(c for c in run.campaigns if c.id == x) for x in (a, b))
    assert ca.size == 6 and cb.size == 5
    assert ca.family and ca.family == cb.family
    assert ca.shared_passage and ca.shared_passage.split(".")[0] in ca.representative_text
    assert "Contribution to the public" not in ca.representative_text  # shown without its stock lines
    lo, med, hi = ca.similarity
    assert 0 < lo <= med <= hi <= 1
    run.write(str(tmp_path))
    data = json.loads((tmp_path / "campaigns.json").read_text(encoding="utf-8"))
    first = next(c for c in data["campaigns"] if c["id"] == a)
    assert first["why"]["shared_passage"] and set(first["why"]["similarity"]) == {"min", "median", "max"}
    assert data["families"][0]["campaign_ids"] == sorted([a, b], key=lambda x: [ca.id, cb.id].index(x))
    assert data["stock_lines"]["stock_only"] == STOCK_ONLY


def _voices_by_issue(analysis) -> int:
    return sum(i.voices_total for i in analysis.issues)


def test_split_merge_dissolve_recount_every_figure(run):
    n = len(run.records)
    base = figures(run.campaigns, n)
    assert base["voices"] == run.stats["voices"] == run.overview["voices"]
    cid = next(r.campaign for r in run.records if r.id == "c0")
    camp = next(c for c in run.campaigns if c.id == cid)

    one_out = split(run, cid, [camp.member_ids[-1]])
    assert one_out.stats["voices"] == base["voices"] + 1
    assert one_out.overview["voices"] == one_out.stats["voices"]
    assert next(r for r in one_out.records if r.id == camp.member_ids[-1]).campaign is None
    assert run.stats["voices"] == base["voices"]  # nothing changed in place

    halves = split(run, cid, camp.member_ids[3:])
    assert halves.stats["campaigns"] == base["campaigns"] + 1
    assert halves.stats["voices"] == base["voices"] + 1
    assert sorted(c.size for c in halves.campaigns if c.decided == "split") == [3, 3]

    gone = dissolve(run, cid)
    assert gone.stats["voices"] == base["voices"] + camp.size - 1
    assert gone.stats["records_in_campaigns"] == base["records_in_campaigns"] - camp.size
    assert gone.overview["voices"] == gone.stats["voices"]
    assert _voices_by_issue(gone) >= _voices_by_issue(run) + camp.size - 1

    other = next(c for c in run.campaigns if c.id != cid)
    joined = merge(run, [cid, other.id])
    assert joined.stats["voices"] == base["voices"] - 1
    assert joined.stats["campaigns"] == base["campaigns"] - 1
    assert not joined.families  # the family of two sisters is one campaign now
    assert joined.stats["decisions"][-1]["kind"] == "merge"


def test_options_decide_before_counting_and_the_taxonomy_adds_stock_lines(run, taxonomy):
    cid = next(r.campaign for r in run.records if r.id == "c0")
    camp = next(c for c in run.campaigns if c.id == cid)
    opt = Options(
        campaign_decisions=(Decision("dissolve", (camp.member_ids[0],)),),
    )
    again = analyze(
        _records(),
        replace(taxonomy, stock_lines_add=("Not a line of this corpus",)),
        executor=SerialExecutor(),
        options=opt,
    )
    texts = {s.text: s.source for s in again.boilerplate.lines}
    assert texts[normalise("Not a line of this corpus")] == "added"
    assert all(r.campaign is None for r in again.records if r.id.startswith("c"))
    assert again.stats["voices"] == again.overview["voices"] == run.stats["voices"] + camp.size - 1


def test_cli_takes_stock_lines_and_prints_them_in_its_summary(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": r.id, "text": r.text, "country": r.country}) + "\n" for r in _records()),
        encoding="utf-8",
    )
    code = main(
        [
            "analyze",
            str(src),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
            "--no-xlsx",
            "--not-stock-line",
            FORM[1],
            "--stock-line",
            "Not a line of this corpus",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Stock lines" in out and normalise(FORM[4]) in out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    listed = {x["text"]: x["source"] for x in summary["stock_lines"]}
    assert normalise(FORM[1]) not in listed and listed["not a line of this corpus"] == "added"
    assert normalise(FORM[0]) in listed
    # The line taken back counts as the respondents' own words again: the bare forms now hold some free text.
    assert summary["stock_only"] == 0
    assert summary["records_with_stock_lines"] == len(_records()) - len(UNIQUES)
