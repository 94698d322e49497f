"""A seeded synthetic consultation corpus with ground truth: form-letter campaigns and unique comments.

Campaign letters are edited per signatory the way real campaigners do: a name inserted, sentences reordered
or dropped, typos, a personal paragraph added. Every text names one issue of the WGIG taxonomy in one of the
six UN languages. Besides template sentences, each comment carries a few sentences of words drawn at random
from the language's vocabulary, so that two unique comments share no more than real ones do.

With `hard=True` (the default) three things real consultations have are added, from a separate random stream
(so `hard=False` gives the corpus of before, record for record):

- sister campaigns: about a third of the campaigns have a sister, a second letter of the same organiser that
  keeps most sentences of the first and rewrites the others (about 0.4 alike); the truth gives both one family;
- stock lines: about a third of the records come through a web form, which appends a header, the labels of the
  closed answers ticked ("Q2. Do you support ...? Yes"), a consent sentence and sometimes an attachment's file
  name, each on its own line; 2% of the records are nothing but such a form (no free text);
- quoting comments: 4% of the unique comments quote two sentences of a campaign's letter in their own words.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from phrases import BANK, COUNTRIES, GROUPS, LANGS, TOPICS

LANG_WEIGHTS = (0.34, 0.16, 0.16, 0.1, 0.12, 0.12)
ISSUES = list(TOPICS)
CLUSTER_OF = {}
for _slug, _cl in zip(ISSUES, [1] * 7 + [2] * 3 + [3] * 9 + [4] * 8, strict=True):
    CLUSTER_OF[_slug] = _cl


def _vocab(lang: str) -> list[str]:
    words: set[str] = set()
    for key, items in BANK[lang].items():
        if key in ("names", "intro"):
            continue
        for s in items:
            s = re.sub(r"\{\w+\}", " ", s)
            if lang == "zh":
                s = re.sub(r"[，。：、]", "", s)
                words.update(s[i : i + 2] for i in range(0, len(s) - 1, 2))
            else:
                words.update(w.strip(".,:;!?") for w in s.split() if len(w.strip(".,:;!?")) > 2)
    return sorted(words)


VOCAB = {lang: _vocab(lang) for lang in LANGS}


@dataclass(slots=True)
class Truth:
    campaign: int  # -1 for a unique comment
    issue: str
    language: str
    family: int = -1  # the campaign that a sister campaign was written from (itself for the first letter)
    stock_only: bool = False  # the record holds nothing but the form's stock lines
    quotes: int = -1  # the campaign a unique comment quotes


FORM_HEADER = "Contribution to the public consultation on the future of Internet governance"
FORM_CONSENT = "I agree to the publication of my contribution and of my organisation's name."
FORM_QUESTIONS = (
    ("Q1. Do you support a multi-stakeholder model for Internet governance?", ("Yes", "No", "No opinion")),
    ("Q2. Should the oversight of the root zone be internationalised?", ("Yes", "No", "Partly", "No opinion")),
    ("Q3. Is spam a serious problem in your country?", ("Yes", "No")),
    ("Q4. Which level should act first?", ("National", "Regional", "Global")),
    ("Q5. Do you represent an organisation?", ("Yes", "No")),
)
FORM_FILES = ("position_paper.pdf", "Annex_1.docx", "contribution_final_v2.pdf", "comments.odt")


def _form(rng: random.Random) -> list[str]:
    """The lines a web form adds to a contribution: header, closed answers, consent, perhaps a file name."""
    lines = [FORM_HEADER]
    for q, choices in FORM_QUESTIONS:
        if rng.random() < 0.85:
            lines.append(f"{q} {rng.choice(choices)}")
    lines.append(FORM_CONSENT)
    if rng.random() < 0.3:
        lines.append(f"Attachment: {rng.choice(FORM_FILES)}")
    return lines


def _sister(rng: random.Random, lang: str, issue: str, template: list[str]) -> list[str]:
    """A second letter of the same organiser: most sentences kept, about 40% of the body rewritten."""
    b = BANK[lang]
    topic = TOPICS[issue][LANGS.index(lang)]
    out = list(template)
    body = list(range(1, len(out) - 1))
    rng.shuffle(body)
    for i in body[: max(2, round(len(out) * 0.4))]:
        out[i] = (
            _fill(rng, lang, rng.choice(b["claim"] + b["reason"]), topic)
            if rng.random() < 0.4
            else (_free_sentence(rng, lang))
        )
    if rng.random() < 0.5:
        out.insert(len(out) - 1, _free_sentence(rng, lang))
    return out


def _fill(rng: random.Random, lang: str, template: str, topic: str) -> str:
    b = BANK[lang]
    return template.format(
        topic=topic,
        actor=rng.choice(b["actor"]),
        people=rng.choice(b["people"]),
        peoples=rng.choice(b["peoples"]),
        place=rng.choice(b["place"]),
        name=rng.choice(b["names"]),
    )


def _free_sentence(rng: random.Random, lang: str) -> str:
    v = VOCAB[lang]
    if lang == "zh":
        return "".join(rng.choice(v) for _ in range(rng.randint(5, 9))) + "。"
    words = [rng.choice(v) for _ in range(rng.randint(7, 13))]
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def _sentences(rng: random.Random, lang: str, issue: str, n_claims: int, n_free: int) -> list[str]:
    b = BANK[lang]
    topic = TOPICS[issue][LANGS.index(lang)]
    out = [_fill(rng, lang, rng.choice(b["open"]), topic)]
    body = [_fill(rng, lang, rng.choice(b["claim"]), topic) for _ in range(n_claims)]
    body += [_fill(rng, lang, rng.choice(b["reason"]), topic)]
    body += [_free_sentence(rng, lang) for _ in range(n_free)]
    rng.shuffle(body)
    out += body
    out.append(rng.choice(b["close"]))
    return out


def _unique(rng: random.Random, lang: str, issue: str) -> list[str]:
    """A comment in the author's own words: one or two stock sentences on the issue, the rest their own."""
    b = BANK[lang]
    topic = TOPICS[issue][LANGS.index(lang)]
    first = rng.choice(b["open"] + b["claim"])
    out = [_fill(rng, lang, first, topic)]
    out += [_free_sentence(rng, lang) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.5:
        out.insert(rng.randint(1, len(out)), _fill(rng, lang, rng.choice(b["claim"] + b["reason"]), topic))
    if rng.random() < 0.5:
        out.append(rng.choice(b["close"]))
    return out


def _join(lang: str, sentences: list[str]) -> str:
    return ("" if lang == "zh" else " ").join(sentences)


def _typos(rng: random.Random, text: str, n: int) -> str:
    chars = list(text)
    for _ in range(n):
        if len(chars) < 10:
            break
        i = rng.randrange(1, len(chars) - 1)
        op = rng.random()
        if op < 0.33:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op < 0.66:
            del chars[i]
        else:
            chars[i] = rng.choice("aeiostnr") if chars[i].isascii() else chars[i - 1]
    return "".join(chars)


def _signatory(rng: random.Random, lang: str, issue: str, template: list[str]) -> str:
    """One campaign member's letter: the template with a random mix of campaigners' edits."""
    s = list(template)
    b = BANK[lang]
    if rng.random() < 0.3 and len(s) > 4:  # sentences reordered (the opening stays first)
        body = s[1:-1]
        rng.shuffle(body)
        s = [s[0], *body, s[-1]]
    if rng.random() < 0.3 and len(s) > 4:  # one or two sentences dropped
        for _ in range(rng.randint(1, 2)):
            if len(s) > 4:
                del s[rng.randrange(1, len(s) - 1)]
    if rng.random() < 0.3:  # a personal paragraph added
        personal = [rng.choice(b["personal"])] + [_free_sentence(rng, lang) for _ in range(rng.randint(1, 3))]
        s.insert(rng.randint(1, len(s)), _join(lang, personal))
    if rng.random() < 0.6:  # a name inserted
        intro = _fill(rng, lang, rng.choice(b["intro"]), "")
        if rng.random() < 0.5:
            s.insert(0, intro)
        else:
            s.append(intro)
    text = _join(lang, s)
    if rng.random() < 0.4:  # typos
        text = _typos(rng, text, rng.randint(1, 4))
    return text


def generate(n: int, seed: int = 2005, campaign_share: float = 0.5, hard: bool = True) -> Iterator[tuple[dict, Truth]]:
    """Yield (record, truth) pairs, records shuffled; campaigns of 5 to a few thousand signatories."""
    rng = random.Random(seed)
    xrng = random.Random(seed * 31337 + 1)  # the hard parts' own stream: the rest stays as without them
    target = int(n * campaign_share)
    sizes: list[int] = []
    while sum(sizes) < target:
        size = min(int(5 / (rng.random() ** 0.9)), max(5, n // 25))
        sizes.append(min(size, target - sum(sizes)) if target - sum(sizes) >= 2 else 2)
    slots: list[int] = [c for c, k in enumerate(sizes) for _ in range(k)]
    slots += [-1] * (n - len(slots))
    rng.shuffle(slots)
    slots = slots[:n]
    camp_meta = []
    for c in range(len(sizes)):
        crng = random.Random(seed * 7919 + c)
        lang = crng.choices(LANGS, LANG_WEIGHTS)[0]
        issue = crng.choice(ISSUES)
        template = _sentences(crng, lang, issue, crng.randint(2, 3), crng.randint(2, 3))
        group = crng.choice(GROUPS[1:3])  # campaigns come mostly from business or civil society
        camp_meta.append((lang, issue, template, group))
    family = list(range(len(sizes)))
    if hard:
        for c in range(1, len(sizes), 2):
            if xrng.random() < 0.66:  # campaign c is written from campaign c - 1: one organiser, two letters
                lang, issue, template, group = camp_meta[c - 1]
                srng = random.Random(seed * 104729 + c)
                camp_meta[c] = (lang, issue, _sister(srng, lang, issue, template), group)
                family[c] = c - 1
    by_lang: dict[str, list[int]] = {}
    for c, meta in enumerate(camp_meta):
        by_lang.setdefault(meta[0], []).append(c)
    for i, c in enumerate(slots):
        stock_only = False
        quotes = -1
        if c >= 0:
            lang, issue, template, group = camp_meta[c]
            text = _signatory(rng, lang, issue, template)
            grp = group if rng.random() < 0.8 else rng.choice(GROUPS)
        else:
            lang = rng.choices(LANGS, LANG_WEIGHTS)[0]
            issue = rng.choice(ISSUES)
            text = _join(lang, _unique(rng, lang, issue))
            grp = rng.choice(GROUPS)
            if hard and by_lang.get(lang) and xrng.random() < 0.04:
                quotes = xrng.choice(by_lang[lang])
                tpl = camp_meta[quotes][2]
                k = xrng.randrange(0, max(1, len(tpl) - 2))
                text = _join(lang, [text, "«" + _join(lang, tpl[k : k + 2]) + "»"])
        if hard:
            r = xrng.random()
            if c < 0 and quotes < 0 and r < 0.02:
                text = "\n".join(_form(xrng))
                stock_only = True
            elif r < 0.36:
                form = _form(xrng)
                text = "\n".join([text, *form]) if xrng.random() < 0.7 else "\n".join([*form, text])
        rec = {
            "id": f"R{i:08d}",
            "text": text,
            "stakeholder_group": grp,
            "country": rng.choice(COUNTRIES[lang]),
            "submitted_at": f"2005-{rng.randint(3, 5):02d}-{rng.randint(1, 28):02d}",
        }
        yield rec, Truth(c, issue, lang, family[c] if c >= 0 else -1, stock_only, quotes)


def write_corpus(path: str, n: int, seed: int = 2005, hard: bool = True) -> list[Truth]:
    truths: list[Truth] = []
    with open(path, "w", encoding="utf-8") as f:
        for rec, t in generate(n, seed, hard=hard):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            truths.append(t)
    return truths
