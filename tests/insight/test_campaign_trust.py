"""Campaigns a person can trust: stock lines left out, sisters apart in one family, quotes stay unique, no chains."""

from __future__ import annotations

import numpy as np
from insight_samples import LETTER, UNIQUES, campaign_variants

from insight import boilerplate as bpl
from insight.campaigns import CampaignParams, _components, cluster, fingerprint, group, member_test
from insight.decisions import Decision, apply_to_labels

SISTER = (
    "We the undersigned ask the Working Group to keep the domain name system open and accountable. "
    "Country code domains belong to the people of each country and must not be redelegated without consent. "
    "Registrars must publish their prices and stop hiding renewal fees from the small businesses that depend on them. "
    "Disputes over names should be settled by a cheap and fast procedure that individuals can use without a lawyer. "
    "Please act now to protect this shared resource for the next generation."
)

FORM = [
    "Contribution to the public consultation on Internet governance",
    "Q1. Do you support a multi-stakeholder model? Yes",
    "Q2. Should root zone oversight be internationalised? No opinion",
    "Q3. Is spam a serious problem in your country? Yes",
    "I agree to the publication of my contribution.",
    "Attachment: position_paper.pdf",
]

OWN = [
    "Our village library has one slow connection for forty families and it fails whenever it rains.",
    "The registrar we used doubled its renewal price without warning and our association lost its name.",
    "Hospitals here receive phishing mails that pretend to come from the ministry of health.",
    "I teach programming with free software because the licences of the others cost a teacher's yearly pay.",
    "Cross-border sales taxes are so confusing that my small pottery business stopped selling abroad.",
    "Young women in my district are rarely online because the only cafe with computers is unsafe at night.",
    "Our telecom regulator has not published a single decision on interconnection prices in five years.",
    "The courts in our country still do not accept an electronic signature on a simple rental contract.",
    "Journalists who write about the mining company find their sites blocked within a day.",
    "We need mirrors of the root servers on our continent so that a cut cable does not cut us off.",
]


def _groups(texts, params=None):
    fp = fingerprint(texts, [None] * len(texts))
    return group(fp, cluster(fp, params), params), fp


def _sister_variants() -> list[str]:
    s = SISTER.split(". ")
    return [
        SISTER,
        "My name is Tomas Berg. " + SISTER,
        SISTER.replace("Registrars", "Registars").replace("individuals", "individuals"),
        ". ".join([s[0], s[1], s[2], s[3], s[4]]).replace("cheap", "cheap, simple"),
        SISTER + " We are a small hosting cooperative and these fees eat most of our margin every single year.",
    ]


# ---------------------------------------------------------------- stock lines


def _stocked(texts: list[str]) -> list[str]:
    return ["\n".join([t, *FORM]) for t in texts]


def _decide(texts: list[str], params: bpl.StockParams | None = None) -> bpl.Boilerplate:
    p = params or bpl.StockParams()
    counter = bpl.LineCounter(p.capacity)
    counter.add(bpl.chunk_line_counts(texts, p.max_chars), len(texts))
    return bpl.decide(counter, p)


def test_stock_lines_are_found_with_their_frequency_and_kept_out_of_campaigns():
    texts = _stocked(OWN) + _stocked(campaign_variants())
    # Without the stock lines taken out, short comments that share a form are one "campaign": the test can fail.
    raw, _ = _groups(texts)
    assert (raw.index[: len(OWN)] >= 0).sum() >= 5
    bp = _decide(texts)
    listed = {s.text: s.count for s in bp.lines}
    assert listed[bpl.normalise(FORM[0])] == len(texts)
    assert listed[bpl.normalise(FORM[4])] == len(texts)
    assert any(s.source == "file names" for s in bp.lines)
    stripped = [bpl.strip(t, bp) for t in texts]
    assert stripped[0] == OWN[0]
    g, _ = _groups(stripped)
    assert (g.index[: len(OWN)] == -1).all()  # the own words of each are unique
    assert set(g.index[len(OWN) :].tolist()) == {0}  # and the real campaign is still found, whole


def test_a_long_repeated_paragraph_is_not_stock_and_the_secretariat_can_add_or_remove_lines():
    texts = [LETTER] * 10 + [t for _, t, _, _ in UNIQUES] * 2
    assert not _decide(texts).hashes  # a campaign's letter is no form: long lines are never stock
    short = ["Yes", "I agree.", *OWN]
    auto = _decide(["\n".join([o, "Yes"]) for o in OWN])
    assert bpl.normalise("Yes") in {s.text for s in auto.lines}
    taken_back = _decide(["\n".join([o, "Yes"]) for o in OWN], bpl.StockParams(remove=("YES",), add=("I agree.",)))
    assert bpl.normalise("Yes") in taken_back.removed
    assert bpl.normalise("Yes") not in {s.text for s in taken_back.lines}
    assert [s.source for s in taken_back.lines if s.text == "i agree"] == ["added"]
    assert bpl.strip("\n".join(short[:3]), taken_back) == "Yes\n" + OWN[0]


def test_a_record_of_nothing_but_stock_lines_has_no_free_text_and_joins_no_campaign():
    texts = _stocked(OWN) + ["\n".join(FORM)] * 3
    bp = _decide(texts)
    stripped = [bpl.strip(t, bp) for t in texts]
    assert stripped[-3:] == ["", "", ""]
    g, fp = _groups(stripped)
    assert (fp.shingles[-3:] == 0).all()
    assert (g.index[-3:] == -1).all()


def test_line_counter_stays_bounded_and_keeps_the_frequent_lines():
    counter = bpl.LineCounter(capacity=500)
    for k in range(40):
        chunk = [f"unique line number {k}-{i} of its own\nHeader of the form" for i in range(250)]
        counter.add(bpl.chunk_line_counts(chunk, 200), len(chunk))
        assert len(counter.counts) <= 500 + 251
    frequent = counter.frequent(300)
    assert [(c, t) for c, t in frequent.values()] == [(10_000, "header of the form")]


# ---------------------------------------------------------------- two levels: campaigns and families


def test_sister_campaigns_stay_apart_in_one_family():
    a, b = campaign_variants(), _sister_variants()
    sa, sb = LETTER.split(". "), SISTER.split(". ")
    # Letters that mix both (alike either sister as a whole) join the two in one component: chaining would merge them.
    bridges = [". ".join([sa[0], sa[1], sa[2], sb[2], sa[4]]), ". ".join([sa[0], sa[1], sb[3], sa[3], sa[4]])]
    g, fp = _groups(a + b + bridges + [t for _, t, _, _ in UNIQUES])
    sig = fp.signatures
    assert all((sig[len(a) + len(b) + k] == sig[x]).mean() >= 0.5 for k in (0, 1) for x in (0, len(a)))
    ia, ib = g.index[: len(a)], g.index[len(a) : len(a) + len(b)]
    assert len(set(ia.tolist())) == 1 and len(set(ib.tolist())) == 1
    assert ia[0] >= 0 and ib[0] >= 0 and ia[0] != ib[0]
    assert g.family[ia[0]] == g.family[ib[0]] >= 0
    # Why each is one: the similarity of its members to its representative, within the member test's reach.
    lo, med, hi = g.similarity[ia[0]]
    assert 0.3 <= lo <= med <= hi <= 1.0


def test_unrelated_campaigns_are_no_family():
    b = [
        f"Second letter about spam, copy {i}: unsolicited bulk mail floods our inboxes and costs us money."
        for i in range(3)
    ]
    g, _ = _groups(campaign_variants() + b)
    assert len(g.sizes) == 2
    assert (g.family == -1).all()


def test_a_comment_quoting_a_campaign_stays_unique():
    s = LETTER.split(". ")
    quoting = f"I read the letter going round that says “{s[1]}. {s[2]}.” I do not agree with all of it. " + " ".join(
        OWN[5:9]
    )
    whole = LETTER + " " + " ".join(OWN[:5])  # the whole letter quoted, then more of one's own than the letter
    g, _ = _groups([*campaign_variants(), quoting, whole])
    assert g.index[-2] == -1 and g.index[-1] == -1
    assert g.sizes.tolist() == [6]


def test_chaining_through_shared_paragraphs_is_bounded_by_the_representative():
    sentences = OWN  # ten distinct sentences
    windows = [" ".join(sentences[i : i + 4]) for i in range(len(sentences) - 3)]  # each shares 3 of 4 with the next
    texts = [w for w in windows for _ in range(2)]  # each window sent twice
    fp = fingerprint(texts, [None] * len(texts))
    sig = fp.signatures
    j_next = [(sig[2 * i] == sig[2 * i + 2]).mean() for i in range(len(windows) - 1)]
    assert min(j_next) >= 0.5  # plain union-find over these pairs would make one group of everything
    a = np.arange(0, len(texts) - 2)
    chained = _components(len(texts), a, a + 2)
    assert len(set(chained.tolist())) == 2  # (even and odd positions: the copies are pairs on their own)
    g = group(fp, cluster(fp))
    assert len(g.sizes) >= 2
    p = CampaignParams()
    for c, rep in enumerate(g.representatives.tolist()):
        members = np.flatnonzero(g.index == c)
        _, ok = member_test(sig, fp.shingles, rep, members, p)
        assert ok.all()
    assert g.sizes.max() <= 6  # a window, its neighbours on each side, twice each: never the whole chain


def test_decisions_on_labels_split_merge_dissolve():
    ids = [f"r{i}" for i in range(8)]
    labels = np.array([0, 0, 0, 0, 4, 4, 4, -1])
    split = apply_to_labels(labels, ids, [Decision("split", ("r2", "r3"))])
    assert split.tolist() == [0, 0, 2, 2, 4, 4, 4, -1]
    alone = apply_to_labels(labels, ids, [Decision("split", ("r3",))])
    assert alone.tolist() == [0, 0, 0, -1, 4, 4, 4, -1]
    merged = apply_to_labels(labels, ids, [Decision("merge", ("r1", "r5", "r7"))])
    assert merged.tolist() == [0] * 8
    gone = apply_to_labels(labels, ids, [Decision("dissolve", ("r6",))])
    assert gone.tolist() == [0, 0, 0, 0, -1, -1, -1, -1]
    assert apply_to_labels(labels, ids, [Decision("dissolve", ("not-in-this-run",))]).tolist() == labels.tolist()
