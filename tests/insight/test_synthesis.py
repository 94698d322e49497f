from collections import Counter

import pytest

from insight import Record, SerialExecutor, analyze
from insight.questionnaire import open_answer
from insight.synthesis import attachment_only, balance_alerts, excerpt


def test_analysis_counts_campaigns_once(small_records, taxonomy):
    a = analyze(small_records, taxonomy)
    assert len(a.records) == len(small_records)
    assert [r.id for r in a.records] == [r.id for r in small_records]
    assert len(a.campaigns) == 1
    camp = a.campaigns[0]
    assert camp.size == 6 and camp.id == "C00001" and len(camp.member_ids) == 6
    assert all(r.campaign == "C00001" for r in a.records[:6])
    assert all(r.campaign is None for r in a.records[6:])
    # campaign members share their representative's issues
    assert len({tuple(r.issues) for r in a.records[:6]}) == 1
    dns = next(i for i in a.issues if i.issue == a.records[0].issues[0][0])
    assert dns.raw_total >= 6 and dns.voices_total <= dns.raw_total - 5
    assert dns.campaigns[0]["signatories"] == 6
    ids = [e.record_id for e in dns.representative + dns.distinct]
    assert len(ids) == len(set(ids))
    assert sum(1 for i in ids if i.startswith("c")) <= 1  # the campaign is shown once
    assert a.stats["voices"] == len(small_records) - 5


def test_each_record_gets_ranked_issues(small_records, taxonomy):
    a = analyze(small_records, taxonomy)
    by_id = {r.id: r for r in a.records}
    assert by_id["u-spam"].issues[0][0] == "spam"
    assert by_id["u-oss"].issues[0][:2] == ("open-source", 4)
    for r in a.records:
        scores = [s for _, _, s in r.issues]
        assert scores == sorted(scores, reverse=True)
    assert by_id["u-zh"].language == "zh"


def test_balance_alert_when_one_sector_or_region_dominates():
    alerts = balance_alerts(
        Counter({"private-sector": 8, "government": 1}), Counter({"Europe": 3, "Africa": 3}), 9, 9, 0
    )
    assert len(alerts) == 1 and "private-sector" in alerts[0]
    alerts = balance_alerts(Counter({"a": 2, "b": 2}), Counter({"Asia": 9, "Europe": 1}), 40, 10, 1)
    assert any("Asia" in a for a in alerts) and any("campaign" in a for a in alerts)


def test_excerpt_cuts_at_a_sentence():
    text = "First sentence here. " * 30
    out = excerpt(text, 100)
    assert out.endswith(".") and len(out) <= 100


def test_region_from_country_or_given(taxonomy):
    recs = [Record("a", "Spam floods my inbox every day.", country="jp"), Record("b", "Spam again.", region="Oceania")]
    a = analyze(recs, taxonomy)
    spam = next(i for i in a.issues if i.issue == "spam")
    assert set(spam.raw_by_region) == {"Asia", "Oceania"}


def test_empty_and_blank_input(taxonomy):
    assert analyze([], taxonomy).records == []
    a = analyze([Record("blank", "   "), Record("one", "Spam floods my inbox.")], taxonomy)
    assert a.records[0].language is None and a.records[0].campaign is None
    assert a.stats["records"] == 2 and a.campaigns == []


ATTACHMENT_ONLY = [
    "See the attached file.",
    "Please find our position in the attached document.",
    "Position_paper_final_v2.pdf",
    "Annex 1.pdf; Annex_2.docx",
    "Voir pièce jointe.",
    "Veuillez trouver ci-joint notre contribution.",
    "Véase el documento adjunto.",
    "См. приложение.",
    "Наша позиция во вложении.",
    "详见附件。",
    "يرجى الاطلاع على الملف المرفق.",
]
ANSWERS = [
    "Unwanted advertising floods every inbox and nobody stops the senders.",
    "See the attached file. In short: the registry contracts must be published and renewal fees capped for "
    "every small organisation.",
    "Voir pièce jointe. Les registres doivent publier leurs contrats et plafonner le prix des renouvellements.",
    "No.",
]


@pytest.mark.parametrize("text", ATTACHMENT_ONLY)
def test_a_pointer_to_an_attachment_is_attachment_only(text):
    assert attachment_only(text)


@pytest.mark.parametrize("text", ANSWERS)
def test_an_answer_with_words_of_its_own_is_not_attachment_only(text):
    assert not attachment_only(text)
    assert open_answer(text)


def test_open_answers_that_only_point_to_an_attachment_count_as_not_answered(taxonomy):
    from insight.questionnaire import questions_from_dicts

    qs = questions_from_dicts([{"id": "why", "kind": "open", "label": "Why?"}])
    recs = [Record(f"a{k}", "", answers={"why": t}) for k, t in enumerate(ATTACHMENT_ONLY)]
    recs += [Record(f"b{k}", "", answers={"why": t}) for k, t in enumerate(ANSWERS[:3])]
    recs.append(Record("c", "", answers={"why": "   "}))
    (why,) = analyze(recs, taxonomy, questions=qs, executor=SerialExecutor()).questions
    assert why.answered.raw == 3
    assert why.attachment_only.raw == len(ATTACHMENT_ONLY)
    assert why.not_answered.raw == len(ATTACHMENT_ONLY) + 1
    assert sum(i.raw_total for i in why.issues) >= 3
