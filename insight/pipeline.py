"""The driver: streams chunks of records through the stages on an executor, three passes over the source.

1. languages and MinHash signatures per chunk (workers); the driver keeps only compact per-record arrays
   (signature, ids, group and region codes), a bounded sample of texts and the tagged records;
2. campaigns are clustered on the driver; a second read fetches each campaign representative's text;
   the teacher embeds the sample, the representatives and the tagged records (workers), and the student is
   trained from them;
3. every record is scored (workers; campaign members share their representative's scores) and streamed to
   the sink while the driver accumulates the per-issue synthesis in bounded memory.
"""

from __future__ import annotations

import heapq
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

import numpy as np

from insight import boilerplate as bpl
from insight import campaigns as cmp
from insight import decisions as dec
from insight.classify import features, issue_texts, make_teacher, top_issues, train_student
from insight.countries import RESOLVED, resolve_country
from insight.executors import Executor, ProcessExecutor, SerialExecutor
from insight.languages import normalise_language
from insight.learner import (
    ASSIGN_P,
    assign,
    fit_learner,
    keyword_mixing,
    keyword_similarity,
    student_target,
    taxonomy_fit,
)
from insight.model import Campaign, Family, Record, RecordResult
from insight.questionnaire import Question, QuestionnaireAccumulator
from insight.regions import region_name, region_of_code
from insight.stages import (
    stage_embed,
    stage_features,
    stage_fingerprint_lines,
    stage_restrip,
    stage_score,
    stage_score_evidence,
)
from insight.synthesis import SynthesisAccumulator
from insight.taxonomy import Taxonomy
from insight.text import sorted_unique, text_hash

Source = Callable[[], Iterator[list[Record]]]
Sink = Callable[[list[RecordResult]], None]

CHUNK = 4000
EMBED_BATCH = 32
MAX_TEACHER_PASSAGES = 600  # passages of long contributions the teacher reads to pick excerpts; beyond, the student


@dataclass(frozen=True, slots=True)
class Options:
    sample_size: int = 600  # texts the teacher embeds to train the student, besides representatives and tags
    max_embedded_representatives: int = 200  # the largest campaigns; the student scores the others' representatives
    max_tagged: int = 5000
    campaign: cmp.CampaignParams = field(default_factory=cmp.CampaignParams)
    progress: bool | None = None  # None: a bar only when stderr is a terminal
    # Campaign stage: stock lines (found, plus the secretariat's additions, minus its removals) and decisions.
    stock: bpl.StockParams = field(default_factory=bpl.StockParams)
    campaign_decisions: tuple[dec.Decision, ...] = ()


@dataclass(slots=True)
class Analysis:
    """Everything the analysis found. `records` is empty when results were streamed to a sink instead."""

    taxonomy: Taxonomy
    records: list[RecordResult]
    campaigns: list[Campaign]
    issues: list
    stats: dict
    questions: list = field(default_factory=list)  # QuestionSynthesis per question, when a questionnaire is given
    overview: dict = field(default_factory=dict)  # whole-corpus counts, raw and voices, by each dimension
    families: list[Family] = field(default_factory=list)  # campaigns of one organiser sharing a core
    boilerplate: bpl.Boilerplate | None = None  # the stock lines left out of campaigns and classification

    def write(self, out_dir: str, *, records: bool = True) -> None:
        """Write records.jsonl (unless streamed already), campaigns.json, issues.json and report.html."""
        from insight.io import write_outputs

        write_outputs(self, out_dir, records=records)


def chunked(records: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _bar(total: int | None, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rec", disable=not enabled, file=sys.stderr, leave=False)


def run(
    source: Source,
    taxonomy: Taxonomy,
    executor: Executor,
    sink: Sink,
    options: Options | None = None,
    total: int | None = None,
    questions: Sequence[Question] | None = None,
) -> Analysis:
    """Run every stage over `source` (called once per pass; each call must yield the same chunks)."""
    opt = options or Options()
    show = sys.stderr.isatty() if opt.progress is None else opt.progress
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    # ---- pass 1: languages and signatures
    ids: list[str] = []
    langs: list[str | None] = []
    groups: list[str | None] = []
    regions: list[str | None] = []
    fps: list[cmp.Fingerprints] = []
    sample: list[tuple[int, int, str]] = []  # max-heap on -hash: the sample_size smallest id hashes
    tagged: list[tuple[int, str, list[str]]] = []
    slugs = taxonomy.slugs

    intern: dict[str, str] = {}  # one string object per distinct group/region/language: millions of records
    countries: list[str | None] = []
    days: list[str | None] = []
    given_langs: list[str | None] = []
    country_given: list[str | None] = []  # the input's spelling, kept only where it did not resolve
    unknown_countries: dict[str, int] = {}
    has_attachment = bytearray()

    def pass1_tasks() -> Iterator[tuple]:
        pos = 0
        for chunk in source():
            for r in chunk:
                ids.append(r.id)
                g = r.stakeholder_group or None
                groups.append(intern.setdefault(g, g) if g else None)
                match = resolve_country(r.country)
                code = match.code
                countries.append(intern.setdefault(code, code) if code else None)
                if match.given and match.status != RESOLVED:
                    # Distinct unknown values are counted up to a bound; past it, under one key.
                    key = match.given if len(unknown_countries) < 10_000 or match.given in unknown_countries else "…"
                    unknown_countries[key] = unknown_countries.get(key, 0) + 1
                    country_given.append(intern.setdefault(match.given, match.given))
                else:
                    country_given.append(None)
                reg = region_of_code(code) if code else region_name(r.region)
                regions.append(intern.setdefault(reg, reg) if reg else None)
                day = day_of(r.submitted_at)
                days.append(intern.setdefault(day, day) if day else None)
                gl = normalise_language(r.language)
                given_langs.append(intern.setdefault(gl, gl) if gl else None)
                has_attachment.append(1 if r.attachments else 0)
                h = text_hash(r.id)
                if len(sample) < opt.sample_size:
                    heapq.heappush(sample, (-h, pos, r.text))
                elif -sample[0][0] > h:
                    heapq.heapreplace(sample, (-h, pos, r.text))
                if r.issues and len(tagged) < opt.max_tagged:
                    tags = [t for t in r.issues if t in slugs]
                    if tags:
                        tagged.append((pos, r.text, tags))
                pos += 1
            yield ([r.text for r in chunk], [r.language for r in chunk], stock_params.max_chars)

    stock_params = _stock_params(opt.stock, taxonomy)
    line_counter = bpl.LineCounter(stock_params.capacity)
    with _bar(total, "languages, signatures", show) as bar:
        for chunk_langs, fp, line_counts in executor.map(stage_fingerprint_lines, pass1_tasks()):
            langs.extend(intern.setdefault(lg, lg) if lg else None for lg in chunk_langs)
            fps.append(fp)
            line_counter.add(line_counts, len(chunk_langs))
            bar.update(len(chunk_langs))
    n = len(ids)
    timings["fingerprint"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    fp_all = cmp.Fingerprints(np.zeros((n, cmp.NUM_PERM), np.uint32), np.zeros(n, np.int32), np.zeros(n, np.int64))
    at = 0
    # Copy chunk by chunk, dropping each as it goes: peak memory is one signature matrix, not two.
    fps.reverse()
    while fps:
        f = fps.pop()
        m = len(f.shingles)
        fp_all.signatures[at : at + m] = f.signatures
        fp_all.shingles[at : at + m] = f.shingles
        fp_all.text_hashes[at : at + m] = f.text_hashes
        at += m
    # ---- stock lines: decided once every record is counted; records holding some are read again without them
    boiler = bpl.decide(line_counter, stock_params)
    del line_counter
    free_kind = _restrip(source, executor, boiler, stock_params, fp_all, langs, intern, n)
    timings["stock_lines"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    labels = cmp.cluster(fp_all, opt.campaign)
    labels = dec.apply_to_labels(labels, ids, opt.campaign_decisions)
    groups_c = cmp.group(fp_all, labels, opt.campaign)
    text_hashes = fp_all.text_hashes
    del fp_all
    _strip_known(sample, tagged, boiler, stock_params, free_kind)
    timings["campaigns"] = time.perf_counter() - t1

    # ---- pass 2: representatives' texts, teacher, student
    t2 = time.perf_counter()
    n_camp = len(groups_c.sizes)
    rep_pos = groups_c.representatives
    embedded_reps = rep_pos[: opt.max_embedded_representatives]
    known = {p: t for _, p, t in sample}
    known.update({p: t for p, t, _ in tagged})
    rep_text: dict[int, str] = {}
    wanted = {int(p) for p in rep_pos} | {int(p) for p in groups_c.samples.ravel() if p >= 0}
    missing = wanted - set(known)
    if missing:
        pos = 0
        for chunk in source():
            for r in chunk:
                if pos in missing:
                    rep_text[pos] = bpl.strip(r.text, boiler, stock_params.max_chars) if free_kind[pos] else r.text
                pos += 1
    for p in wanted:
        if p in known:
            rep_text[p] = known[p]

    emb_pos = sorted(set(known) | {int(p) for p in embedded_reps})
    protos, kws, _ = issue_texts(taxonomy)
    emb_texts = [known[p] if p in known else rep_text[p] for p in emb_pos] + protos + kws
    # Batches of similar length waste less work on padding inside the encoder.
    by_len = sorted(range(len(emb_texts)), key=lambda i: (len(emb_texts[i]), i))
    batches = [([emb_texts[i] for i in by_len[s : s + EMBED_BATCH]],) for s in range(0, len(by_len), EMBED_BATCH)]
    emb = np.zeros((len(emb_texts), 512), np.float32)
    with _bar(len(emb_texts), "embedding", show) as bar:
        done = 0
        for e in executor.map(stage_embed, batches):
            emb[by_len[done : done + len(e)]] = e
            done += len(e)
            bar.update(len(e))
    n_emb = len(emb_pos)
    tax_emb = (emb[n_emb : n_emb + len(protos)], emb[n_emb + len(protos) :])
    emb = emb[:n_emb]
    row_of = {p: i for i, p in enumerate(emb_pos)}

    # ---- issues (classification): the zero-shot teacher is the prior, the learner learns from the tags and
    # calibrates on held-out tags (insight.learner); `teacher_scores` are calibrated per-issue probabilities.
    teacher = make_teacher(taxonomy, None, None, tax_emb)
    n_issues = len(slugs)
    raw = teacher.raw(emb) if len(emb) else np.zeros((0, n_issues), np.float32)
    tag_rows = [row_of[p] for p, _, _ in tagged]
    tag_y = np.zeros((len(tagged), n_issues), np.float32)
    for k, (_, _, tags) in enumerate(tagged):
        for t in tags:
            tag_y[k, slugs.index(t)] = 1.0
    emb_row_texts = emb_texts[:n_emb]
    # The keyword reader's similarities (TF-IDF over the embedded texts and the taxonomy's words) join the
    # embedding's in the zero-shot reading.
    kw = keyword_similarity(
        emb_row_texts, [f"{i.title} {i.description} {' '.join(i.keywords)}" for i in taxonomy.issues]
    )
    untagged = np.setdiff1d(np.arange(n_emb), np.asarray(tag_rows, dtype=np.int64))
    # How much the keyword reader weighs is read from every embedded text (insight.learner.keyword_mixing).
    mixing = keyword_mixing(raw, kw)
    learner = fit_learner(
        emb[tag_rows],
        [t for _, t, _ in tagged],
        raw[tag_rows],
        tag_y,
        corpus_texts=emb_row_texts,
        kw=kw[tag_rows],
        corpus=(emb[untagged], [emb_row_texts[i] for i in untagged], raw[untagged], kw[untagged]),
        mixing=mixing,
    )
    teacher_scores = (
        learner.probabilities(emb, emb_row_texts, raw, kw) if len(emb) else np.zeros((0, n_issues), np.float32)
    )
    # Last column: the probability of being about any issue at all (the gate), carried with the scores.
    teacher_scores = np.concatenate([teacher_scores, learner.on_topic(raw)[:, None]], axis=1)
    timings["teacher"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    # The student learns the probabilities with a "none of these" output (insight.learner.student_target).
    train_texts: list[str] = []
    targets: list[np.ndarray] = []
    weights: list[float] = []
    tagged_pos = {p: tags for p, _, tags in tagged}
    for _, p, text in sorted(sample, key=lambda s: s[1]):
        if p in tagged_pos:
            continue
        train_texts.append(text)
        targets.append(student_target(teacher_scores[row_of[p], :-1], float(teacher_scores[row_of[p], -1])))
        weights.append(1.0)
    for _, text, tags in tagged:
        y = np.zeros(n_issues + 1, np.float32)
        for t in tags:
            y[slugs.index(t)] = 1.0 / len(tags)
        train_texts.append(text)
        targets.append(y)
        weights.append(3.0)
    for j, issue in enumerate(taxonomy.issues):
        for t in (issue.title, issue.description, *issue.keywords):
            y = np.zeros(n_issues + 1, np.float32)
            y[j] = 1.0
            train_texts.append(t)
            targets.append(y)
            weights.append(0.5)
    feats = list(executor.map(stage_features, [(train_texts[i : i + 500],) for i in range(0, len(train_texts), 500)]))
    idx = np.concatenate([f[0] for f in feats])
    off_parts = [np.zeros(1, np.int64)]
    base = 0
    for f_idx, f_off in feats:
        off_parts.append(f_off[1:] + base)
        base += len(f_idx)
    offsets = np.concatenate(off_parts)
    student = train_student(idx, offsets, np.stack(targets), np.asarray(weights, np.float32), none_column=True)
    student_ref = executor.broadcast(student)
    camp_scores = np.full((n_camp, n_issues + 1), np.nan, np.float32)
    rest: list[int] = []
    for c, p in enumerate(rep_pos.tolist()):
        if p in row_of:
            camp_scores[c] = teacher_scores[row_of[p]]
        else:
            rest.append(c)
    if rest:
        # Campaigns beyond the embedding budget: the student scores their representative, once for all members.
        f_idx, f_off = features([rep_text[int(rep_pos[c])] for c in rest])
        p_rest, topic_rest = student.scores_and_topic(f_idx, f_off)
        camp_scores[rest] = np.concatenate([p_rest, topic_rest[:, None]], axis=1)
    timings["student"] = time.perf_counter() - t3

    # ---- pass 3: score every record, stream results, accumulate the synthesis
    t4 = time.perf_counter()
    is_rep = np.zeros(n, dtype=bool)
    is_rep[rep_pos] = True
    cindex = groups_c.index
    acc = SynthesisAccumulator(taxonomy, n_camp)
    campaign_ids = [f"C{c + 1:05d}" for c in range(n_camp)]
    fam_of = groups_c.family if len(groups_c.family) else np.full(n_camp, -1)
    family_ids = [f"F{int(f) + 1:04d}" if f >= 0 else None for f in fam_of.tolist()]
    rep_results: dict[int, list[tuple[str, int, float]]] = {}

    chunk_meta: list[tuple[int, list[Record]]] = []
    overview = Overview()

    def pass3_tasks() -> Iterator[tuple]:
        pos = 0
        for chunk in source():
            m = len(chunk)
            fixed = np.full((m, n_issues + 1), np.nan, np.float32)
            ci = cindex[pos : pos + m]
            in_c = ci >= 0
            fixed[in_c] = camp_scores[ci[in_c]]
            for k in np.flatnonzero(~in_c).tolist():
                row = row_of.get(pos + k)
                if row is not None:
                    fixed[k] = teacher_scores[row]
            chunk = _strip_chunk(chunk, pos, boiler, stock_params, free_kind)
            chunk_meta.append((pos, chunk))
            want = (~in_c | is_rep[pos : pos + m]).tolist()
            yield ([r.text for r in chunk], fixed, student_ref, want)
            pos += m

    fit = IssueFit(n_issues)
    with _bar(n, "issues", show) as bar:
        for scores_topic, evidence in executor.map(stage_score_evidence, pass3_tasks()):
            scores, topic = scores_topic[:, :-1], scores_topic[:, -1]
            start, chunk = chunk_meta.pop(0)
            m = len(chunk)
            ci = cindex[start : start + m]
            tops = top_issues(scores, taxonomy)
            results = []
            for k, r in enumerate(chunk):
                c = int(ci[k])
                p = start + k
                res = RecordResult(r.id, langs[p], campaign_ids[c] if c >= 0 else None, tops[k])
                if c >= 0:
                    res.family = family_ids[c]
                _describe(res, r, p, groups, countries, country_given, regions, given_langs, has_attachment)
                if free_kind[p]:
                    _stock_flags(res, int(free_kind[p]), has_attachment[p])
                fit.read(res, r, scores[k], float(topic[k]), evidence[k], taxonomy)
                overview.add(res, c < 0 or bool(is_rep[p]), days[p])
                results.append(res)
                if c >= 0 and is_rep[start + k]:
                    rep_results[c] = tops[k]
            acc.add(
                start,
                chunk,
                scores,
                ci,
                is_rep[start : start + m],
                groups_c.sizes,
                regions,
                groups,
                countries,
                days,
                assigned=fit.mask(results, taxonomy),
            )
            sink(results)
            bar.update(m)
    timings["score"] = time.perf_counter() - t4

    # ---- campaigns and synthesis
    t5 = time.perf_counter()
    members: list[list[str]] = [[] for _ in range(n_camp)]
    for p in np.flatnonzero(cindex >= 0):
        members[cindex[p]].append(ids[p])
    campaigns_out, families_out = _campaigns_out(groups_c, campaign_ids, ids, rep_text, members, langs, rep_results)

    def score_passages(texts: list[str]) -> np.ndarray:
        if len(texts) <= MAX_TEACHER_PASSAGES:
            batches = [(texts[s : s + EMBED_BATCH],) for s in range(0, len(texts), EMBED_BATCH)]
            return teacher.scores(np.concatenate(list(executor.map(stage_embed, batches))))
        return student.scores(*features(texts))

    issues_out = acc.finish(campaigns_out, score_passages)
    timings["synthesis"] = time.perf_counter() - t5

    # ---- pass 4 (only with a questionnaire): closed answers tallied, open answers scored and synthesised
    questions_out: list = []
    if questions:
        t6 = time.perf_counter()
        qacc = QuestionnaireAccumulator(list(questions), taxonomy, n_camp)
        q_meta: list[tuple[int, list[Record], list[tuple[int, int]]]] = []

        def pass4_tasks() -> Iterator[tuple]:
            pos = 0
            for chunk in source():
                texts, where = qacc.open_texts(chunk)
                q_meta.append((pos, chunk, where))
                yield (texts, np.full((len(texts), n_issues), np.nan, np.float32), student_ref)
                pos += len(chunk)

        for scores in executor.map(stage_score, pass4_tasks()):
            start, chunk, where = q_meta.pop(0)
            qacc.add(start, chunk, scores, where, cindex, is_rep, groups_c.sizes, groups, regions, countries, days)
        questions_out = qacc.finish(campaigns_out, score_passages)
        timings["questions"] = time.perf_counter() - t6
    timings["total"] = time.perf_counter() - t0
    lang_counts: dict[str, int] = {}
    for lang in langs:
        key = lang or "und"
        lang_counts[key] = lang_counts.get(key, 0) + 1
    n_in = int((cindex >= 0).sum())
    stats = {
        "records": n,
        "campaigns": n_camp,
        "records_in_campaigns": n_in,
        "voices": n - n_in + n_camp,
        "languages": dict(sorted(lang_counts.items(), key=lambda kv: -kv[1])),
        "embedded": len(emb_pos),
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "distinct_texts": len(sorted_unique(text_hashes)),
        "no_free_text": overview.no_free_text,
        "attachment_only": overview.attachment_only,
        "language_contradicted": overview.language_contradicted,
        "language_contradictions": dict(sorted(overview.contradictions.items(), key=lambda kv: -kv[1])[:50]),
        "countries_unknown": sum(unknown_countries.values()),
        "unknown_countries": dict(sorted(unknown_countries.items(), key=lambda kv: -kv[1])[:100]),
        "tagged": len(tagged),
        "learner": learner.info,
        "keyword_reader": {"weight": round(learner.mixing[0], 4), "scale": round(learner.mixing[1], 4)},
        "taxonomy_fit": fit.summary(taxonomy),
    }
    stats.update(_campaign_stats(boiler, free_kind, families_out, opt.campaign_decisions))
    return Analysis(
        taxonomy, [], campaigns_out, issues_out, stats, questions_out, overview.as_json(), families_out, boiler
    )


def default_executor(n: int | None) -> Executor:
    """A process pool on all cores for big inputs; in-process for small ones, where pool start-up dominates."""
    if n is not None and n < 20_000:
        return SerialExecutor()
    return ProcessExecutor()


def analyze(
    records: Iterable[Record],
    taxonomy: Taxonomy,
    *,
    executor: Executor | None = None,
    options: Options | None = None,
    questions: Sequence[Question] | None = None,
) -> Analysis:
    """Analyse records held in memory (the web app's entry point); results kept in `Analysis.records`."""
    recs: Sequence[Record] = records if isinstance(records, Sequence) else list(records)
    own = executor is None
    ex = executor or default_executor(len(recs))
    out: list[RecordResult] = []
    try:
        a = run(lambda: chunked(recs), taxonomy, ex, out.extend, options, total=len(recs), questions=questions)
    finally:
        if own:
            ex.close()
    a.records = out
    return a


# ---------------------------------------------------------------- helpers of pass 3 (metadata, overview)

_DAY_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")


@lru_cache(maxsize=65536)
def day_of(value: str | None) -> str | None:
    """The calendar day of a submission time as "YYYY-MM-DD" (ISO 8601 first, then day/month/year), or None."""
    import datetime as dt

    if not value:
        return None
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(s[:10], fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _describe(res, r, p, groups, countries, country_given, regions, given_langs, has_attachment) -> None:
    """Fill a result's metadata and flags from the per-record lists the first pass kept."""
    res.stakeholder_group = groups[p]
    res.country = countries[p]
    res.country_given = country_given[p] or (r.country if countries[p] else None)
    res.region = regions[p]
    res.submitted_at = r.submitted_at
    res.language_given = given_langs[p]
    res.answers = r.answers
    if res.language is None:
        res.flags.append("no_free_text")
        if has_attachment[p] or r.text.strip():
            res.flags.append("attachment_only")
    elif given_langs[p] and res.language != given_langs[p]:
        res.flags.append("language_contradicted")
    if country_given[p]:
        res.flags.append("country_unknown")


class IssueFit:
    """Pass 3's reading of issues per record: what it addresses (none, one or several), with the passage that
    says so, and the counts behind the taxonomy-fit warning (insight.learner.taxonomy_fit)."""

    def __init__(self, n_issues: int) -> None:
        self.primary = np.zeros(n_issues, np.int64)
        self.none = 0
        self.with_text = 0

    def read(self, res: RecordResult, r: Record, scores: np.ndarray, topic: float, ev, taxonomy: Taxonomy) -> None:
        from insight.synthesis import excerpt

        res.tags = list(r.issues) if r.issues else None
        if "no_free_text" in res.flags:
            res.issues = []  # empty, file names only, or a pointer to an attachment: nothing to read
            res.flags.append("no_issue")
            return
        self.with_text += 1
        extra = None
        if ev is not None:
            parts, block = ev
            best = block.argmax(axis=1)
            extra = [[(int(best[q]), float(block[q, best[q]])) for q in range(len(parts))]]
        chosen = assign(scores[None, :], np.float32([topic]), extra)[0]
        issues = taxonomy.issues
        for j in chosen:
            slug = issues[j].slug
            if ev is None:
                res.evidence[slug] = excerpt(r.text)
                score = float(scores[j])
            else:
                parts, block = ev
                q = int(block[:, j].argmax())
                res.evidence[slug] = excerpt(parts[q])
                score = float(scores[j]) if scores[j] >= ASSIGN_P else float(block[q, j])
            res.assigned.append((slug, issues[j].cluster, score))
        if chosen:
            self.primary[chosen[0]] += 1
        else:
            self.none += 1
            res.flags.append("no_issue")

    def mask(self, results: list[RecordResult], taxonomy: Taxonomy) -> np.ndarray:
        """(rows, issues): the issues each record counts for in the synthesis, the same as its `assigned`."""
        index = {s: j for j, s in enumerate(taxonomy.slugs)}
        out = np.zeros((len(results), len(index)), dtype=bool)
        for k, res in enumerate(results):
            for slug, _, _ in res.assigned:
                out[k, index[slug]] = True
        return out

    def summary(self, taxonomy: Taxonomy) -> dict:
        return taxonomy_fit(self.none, self.with_text, self.primary, [i.title for i in taxonomy.issues])


class Overview:
    """Whole-corpus counts, raw and voices, by every dimension the report shows: one count, many views."""

    DIMENSIONS = ("stakeholder_group", "region", "country", "language", "day")

    def __init__(self) -> None:
        self.raw = 0
        self.voices = 0
        self.by: dict[str, tuple[dict[str, int], dict[str, int]]] = {d: ({}, {}) for d in self.DIMENSIONS}
        self.no_free_text = 0
        self.attachment_only = 0
        self.language_contradicted = 0
        self.contradictions: dict[str, int] = {}

    def add(self, res: RecordResult, voice: bool, day: str | None) -> None:
        self.raw += 1
        self.voices += voice
        keys = (res.stakeholder_group, res.region, res.country, res.language, day)
        for d, k in zip(self.DIMENSIONS, keys, strict=True):
            raw, voices = self.by[d]
            k = k or "unknown"
            raw[k] = raw.get(k, 0) + 1
            if voice:
                voices[k] = voices.get(k, 0) + 1
        if "no_free_text" in res.flags:
            self.no_free_text += 1
        if "attachment_only" in res.flags:
            self.attachment_only += 1
        if "language_contradicted" in res.flags:
            self.language_contradicted += 1
            pair = f"{res.language_given}->{res.language}"
            self.contradictions[pair] = self.contradictions.get(pair, 0) + 1

    def as_json(self) -> dict:
        out: dict = {"raw": self.raw, "voices": self.voices}
        for d, (raw, voices) in self.by.items():
            order = sorted(raw, key=lambda k: (k != "unknown", raw[k]), reverse=True) if d != "day" else sorted(raw)
            out[f"raw_by_{d}"] = {k: raw[k] for k in order}
            out[f"voices_by_{d}"] = {k: voices.get(k, 0) for k in order}
        return out


# ---------------------------------------------------------------- campaign stage helpers (stock lines, campaigns)


def _stock_params(params: bpl.StockParams, taxonomy: Taxonomy) -> bpl.StockParams:
    """The Options' stock-line parameters with the taxonomy file's own additions and removals."""
    add = tuple(getattr(taxonomy, "stock_lines_add", ()) or ())
    remove = tuple(getattr(taxonomy, "stock_lines_remove", ()) or ())
    if not add and not remove:
        return params
    from dataclasses import replace

    return replace(params, add=params.add + add, remove=params.remove + remove)


def _restrip(
    source: Source,
    executor: Executor,
    boiler: bpl.Boilerplate,
    params: bpl.StockParams,
    fp: cmp.Fingerprints,
    langs: list[str | None],
    intern: dict[str, str],
    n: int,
) -> bytearray:
    """Re-sign (and re-detect the language of) the records that hold stock lines, without them.

    Returns per record 0 (no stock line), 1 (stock lines and free text), 2 (stock lines only: no free text) or 3
    (stock lines and file names only). Costs a read of the source only when some stock line was found.
    """
    kind = bytearray(n)
    files_seen = any(s.source == "file names" for s in boiler.lines)
    if not boiler.hashes and not files_seen:
        return kind
    starts: list[int] = []

    def tasks() -> Iterator[tuple]:
        pos = 0
        for chunk in source():
            starts.append(pos)
            yield (
                [r.text for r in chunk],
                [r.language for r in chunk],
                boiler.hashes,
                boiler.files,
                params.max_chars,
            )
            pos += len(chunk)

    for rows, chunk_langs, f, kinds in executor.map(stage_restrip, tasks()):
        start = starts.pop(0)
        if not rows or f is None:
            continue
        at = start + np.asarray(rows, dtype=np.int64)
        fp.signatures[at] = f.signatures
        fp.shingles[at] = f.shingles
        fp.text_hashes[at] = f.text_hashes
        for r, lg, k in zip(rows, chunk_langs, kinds, strict=True):
            langs[start + r] = intern.setdefault(lg, lg) if lg else None
            kind[start + r] = 1 + k
    arr = np.frombuffer(bytes(kind), dtype=np.uint8)
    boiler.records_with_stock = int((arr > 0).sum())
    boiler.stock_only = int((arr >= 2).sum())
    return kind


def _strip_known(sample: list, tagged: list, boiler: bpl.Boilerplate, params: bpl.StockParams, kind) -> None:
    """The sampled and tagged texts (kept from pass 1) without their stock lines, in place."""
    for i, (h, p, t) in enumerate(sample):
        if kind[p]:
            sample[i] = (h, p, bpl.strip(t, boiler, params.max_chars))
    for i, (p, t, tags) in enumerate(tagged):
        if kind[p]:
            tagged[i] = (p, bpl.strip(t, boiler, params.max_chars), tags)


def _strip_chunk(
    chunk: list[Record], start: int, boiler: bpl.Boilerplate, params: bpl.StockParams, kind
) -> list[Record]:
    """A chunk whose records holding stock lines are replaced by copies without them (for issues and quotes)."""
    from dataclasses import replace

    if not any(kind[start : start + len(chunk)]):
        return chunk
    return [
        replace(r, text=bpl.strip(r.text, boiler, params.max_chars)) if kind[start + k] else r
        for k, r in enumerate(chunk)
    ]


def _stock_flags(res: RecordResult, kind: int, has_attachment: int) -> None:
    """A record with nothing but stock text: no free text (flagged "stock_only"); attachment-only if it names files."""
    if kind < 2:
        return
    if "no_free_text" not in res.flags:
        res.flags.insert(0, "no_free_text")
    res.flags.append("stock_only")
    if (kind == 3 or has_attachment) and "attachment_only" not in res.flags:
        res.flags.append("attachment_only")


def _campaigns_out(
    g: cmp.CampaignGroups,
    campaign_ids: list[str],
    ids: list[str],
    rep_text: dict[int, str],
    members: list[list[str]],
    langs: list[str | None],
    rep_results: dict[int, list[tuple[str, int, float]]],
) -> tuple[list[Campaign], list[Family]]:
    """Campaigns with why each is one (shared passage, similarity range) and the families they form."""
    out: list[Campaign] = []
    for c in range(len(g.sizes)):
        p = int(g.representatives[c])
        sample = [rep_text.get(int(q), "") for q in g.samples[c].tolist() if q >= 0]
        f = int(g.family[c]) if len(g.family) else -1
        out.append(
            Campaign(
                id=campaign_ids[c],
                size=int(g.sizes[c]),
                representative_id=ids[p],
                representative_text=rep_text.get(p, ""),
                variants=int(g.variants[c]),
                member_ids=members[c],
                language=langs[p],
                issues=rep_results.get(c, []),
                family=f"F{f + 1:04d}" if f >= 0 else None,
                shared_passage=cmp.shared_passage(rep_text.get(p, ""), sample),
                similarity=tuple(round(float(x), 3) for x in g.similarity[c]) if sample else None,
            )
        )
    fams: list[Family] = []
    n_fam = int(g.family.max()) + 1 if len(g.family) and int(g.family.max()) >= 0 else 0
    for f in range(n_fam):
        cs = np.flatnonzero(g.family == f).tolist()
        texts = [rep_text.get(int(g.representatives[c]), "") for c in cs]
        fams.append(
            Family(
                id=f"F{f + 1:04d}",
                campaign_ids=[campaign_ids[c] for c in cs],
                signatories=int(g.sizes[cs].sum()),
                core=cmp.shared_passage(texts[0], texts[1:]),
            )
        )
    return out, fams


def _campaign_stats(boiler: bpl.Boilerplate, kind, families: list[Family], decisions) -> dict:
    return {
        "families": len(families),
        "stock_lines": len(boiler.lines),
        "stock_lines_listed": [x.as_json() for x in boiler.lines[:50]],
        "records_with_stock_lines": boiler.records_with_stock,
        "stock_only": boiler.stock_only,
        "campaign_decisions": [d.as_json() for d in decisions],
    }
