"""Long contributions: scored on their content, not their title page, and quoted where they discuss the issue."""

import pytest
from long_documents import LONG_DOCUMENTS

from insight import Record, analyze, suggest_issues
from insight.classify import reading
from insight.text import passages


def _flat(s: str) -> str:
    return " ".join(s.split())


def test_passages_skip_the_title_page_and_salutation():
    for _, _, _, _, text, body in LONG_DOCUMENTS:
        parts = passages(text)
        assert 1 < len(parts) <= 8
        assert "...." not in " ".join(parts)
        assert not any(p.lower().startswith(("dear", "monsieur", "estimad", "уважаем", "尊敬")) for p in parts)
        assert any(_flat(body)[:40] in p for p in parts) or _flat(body)[:40] in " ".join(parts)


def test_short_texts_are_read_as_before():
    text = "Spam floods my inbox every day. " * 5
    assert reading(text) == [text[:300]]


@pytest.fixture(scope="module")
def long_analysis(taxonomy):
    recs = [Record(i, text, language=lang) for i, lang, _, _, text, _ in LONG_DOCUMENTS]
    return analyze(recs, taxonomy)


@pytest.mark.parametrize("doc", LONG_DOCUMENTS, ids=[d[0] for d in LONG_DOCUMENTS])
def test_long_document_top_cluster(long_analysis, doc):
    rid, _, cluster, _, _, _ = doc
    res = next(r for r in long_analysis.records if r.id == rid)
    assert res.issues[0][1] == cluster


@pytest.mark.parametrize("doc", LONG_DOCUMENTS, ids=[d[0] for d in LONG_DOCUMENTS])
def test_long_document_suggestions(taxonomy, doc):
    _, _, cluster, _, text, _ = doc
    best = suggest_issues([text], taxonomy, k=1)[0][0][0]
    assert taxonomy.issue(best).cluster == cluster


@pytest.mark.parametrize("doc", LONG_DOCUMENTS, ids=[d[0] for d in LONG_DOCUMENTS])
def test_long_document_excerpt_comes_from_its_body(long_analysis, doc):
    rid, _, _, _, _, body = doc
    res = next(r for r in long_analysis.records if r.id == rid)
    top = res.issues[0][0]
    syn = next(i for i in long_analysis.issues if i.issue == top)
    quoted = [e for e in syn.representative + syn.distinct if e.record_id == rid]
    assert quoted, f"{rid} not quoted on {top}"
    ex = quoted[0].text.rstrip("…")
    assert ex in _flat(body), ex  # the passage on the issue, not the title page or the greeting


def test_running_text_keeps_a_greeting_that_names_its_subject():
    text = "Dear members, I want to comment on spam filling our inboxes. " + "It costs us dearly every day. " * 25
    assert passages(text)[0].startswith("Dear members, I want to comment on spam")
    assert passages("Dear Chair,\n\n" + text)[0].startswith("Dear members")
