"""`make bench`: a seeded synthetic corpus through the whole insight pipeline, against a plain baseline.

Prints a table and, as its last line, one JSON object (records, docs_per_s, campaign_docs_per_s,
baseline_docs_per_s, speedup, peak_rss_mb, campaign_precision, campaign_recall, classify_macro_f1, ...).

Campaign precision and recall are given two ways. Pairwise: of the pairs of records put in one campaign, the
share that are in one true campaign (precision), and of the true pairs, the share put in one campaign (recall).
Per record: a campaign's record counts for recall when it sits in the predicted group that holds most of its
true campaign; for precision, within each predicted group, the records of its majority true campaign count, the
rest (other campaigns' records, unique comments) do not.

The corpus (bench/corpus.py) has sister campaigns, form stock lines and comments quoting a campaign unless
--plain-corpus is given (the corpus of before, for throughput comparisons). The campaign stage (stock lines,
signatures, clustering) and the plain baseline (datasketch MinHashLSH at the same Jaccard threshold, connected
components by union-find, no stock lines) are run on the same in-memory texts (the first
min(N, --baseline-max) records), the stage on all cores as it runs in the pipeline, the baseline as written.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import corpus

from insight import Record, analyze, load_taxonomy
from insight.boilerplate import LineCounter, StockParams, chunk_line_counts, decide, strip_texts
from insight.campaigns import Fingerprints, cluster, group
from insight.cli import analyze_file
from insight.executors import ProcessExecutor, SerialExecutor
from insight.stages import stage_signatures
from insight.text import normalise


def _cpu_s() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children that have exited."""
    import resource

    me, ch = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, ch.ru_utime + ch.ru_stime


class PeakRSS:
    """Samples the summed RSS of this process and its children (the workers) every 0.1 s."""

    def __init__(self) -> None:
        import psutil

        self._p = psutil.Process()
        self._psutil = psutil
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self._p, *self._p.children(recursive=True)]:
            with contextlib.suppress(self._psutil.Error):  # a worker that just exited
                total += p.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            time.sleep(0.1)

    def __enter__(self) -> PeakRSS:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self._sample())


def campaign_scores(pred: list, true: np.ndarray) -> tuple[float, float]:
    """Per-record precision and recall of predicted groups (None = alone) against true campaigns (-1 = unique)."""
    by_true: dict[int, Counter] = defaultdict(Counter)
    by_pred: dict[object, Counter] = defaultdict(Counter)
    for i, (p, t) in enumerate(zip(pred, true.tolist(), strict=False)):
        if t >= 0:
            by_true[t][p] += 1
        if p is not None:
            by_pred[p][t if t >= 0 else ("u", i)] += 1
    hit = 0
    total = 0
    for counts in by_true.values():
        total += sum(counts.values())
        named = [(v, k) for k, v in counts.items() if k is not None]
        if named:
            hit += max(named, key=lambda kv: (kv[0], str(kv[1])))[0]
    recall = hit / total if total else 1.0
    in_groups = sum(sum(c.values()) for c in by_pred.values())
    good = sum(max(c.values()) for c in by_pred.values())
    precision = good / in_groups if in_groups else 1.0
    return precision, recall


def pair_scores(pred: list, true: np.ndarray) -> tuple[float, float]:
    """Pairwise precision and recall of predicted groups (None = alone) against true campaigns (-1 = unique)."""
    cell: Counter = Counter()
    by_pred: Counter = Counter()
    by_true: Counter = Counter()
    for p, t in zip(pred, true.tolist(), strict=False):
        if p is not None:
            by_pred[p] += 1
            if t >= 0:
                cell[(p, t)] += 1
        if t >= 0:
            by_true[t] += 1

    def pairs(c: Counter) -> int:
        return sum(k * (k - 1) // 2 for k in c.values())

    tp, pp, tt = pairs(cell), pairs(by_pred), pairs(by_true)
    return (tp / pp if pp else 1.0), (tp / tt if tt else 1.0)


BASELINE_THRESHOLD = 0.5  # the campaign stage's own Jaccard threshold (CampaignParams.min_jaccard)


def baseline(texts: list[str]) -> list[int | None]:
    """The plain reference: datasketch MinHash (128 permutations), LSH at the same threshold, word 5-grams,
    connected components by union-find; no stock lines, no verification against a representative."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=BASELINE_THRESHOLD, num_perm=128)
    hashes = []
    for i, t in enumerate(texts):
        w = t.split()
        sh = {" ".join(w[j : j + 5]) for j in range(max(1, len(w) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in sh])
        lsh.insert(i, m)
        hashes.append(m)
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    roots = [find(i) for i in range(len(texts))]
    sizes = Counter(roots)
    return [r if sizes[r] > 1 else None for r in roots]


def campaign_stage(texts: list[str], executor: ProcessExecutor) -> list[int | None]:
    """The pipeline's campaign stage alone: stock lines, signatures on all cores, then banding and verification."""
    params = StockParams()
    counter = LineCounter(params.capacity)
    for i in range(0, len(texts), 4000):
        counter.add(chunk_line_counts(texts[i : i + 4000], params.max_chars), len(texts[i : i + 4000]))
    bp = decide(counter, params)
    chunks = [
        (strip_texts(texts[i : i + 4000], bp.hashes, bp.files, params.max_chars),) for i in range(0, len(texts), 4000)
    ]
    fps = list(executor.map(stage_signatures, chunks))
    fp = Fingerprints(
        np.concatenate([f.signatures for f in fps]),
        np.concatenate([f.shingles for f in fps]),
        np.concatenate([f.text_hashes for f in fps]),
    )
    g = group(fp, cluster(fp))
    return [int(c) if c >= 0 else None for c in g.index]


def per_cluster(y: np.ndarray, p: np.ndarray, clusters: list[int]) -> tuple[dict, float]:
    out = {}
    f1s = []
    for c in clusters:
        tp = int(((p == c) & (y == c)).sum())
        prec = tp / max(1, int((p == c).sum()))
        rec = tp / max(1, int((y == c).sum()))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[c] = (prec, rec, f1)
        f1s.append(f1)
    return out, float(np.mean(f1s))


def labelled_eval(taxonomy) -> dict:
    """Zero-shot scores on the hand-written labelled set, and 5-fold scores when the other folds are tagged."""
    path = Path(__file__).resolve().parent.parent / "insight" / "data" / "labelled.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    y = np.array([r["cluster"] for r in rows])
    a = analyze([Record(r["id"], r["text"]) for r in rows], taxonomy)
    p = np.array([r.issues[0][1] for r in a.records])
    zero, zero_f1 = per_cluster(y, p, [1, 2, 3, 4])
    pk = np.zeros_like(y)
    for k in range(5):
        recs = [Record(r["id"], r["text"], issues=[r["issue"]] if i % 5 != k else None) for i, r in enumerate(rows)]
        res = analyze(recs, taxonomy).records
        for i in range(len(rows)):
            if i % 5 == k:
                pk[i] = res[i].issues[0][1]
    tagged, tagged_f1 = per_cluster(y, pk, [1, 2, 3, 4])
    langs = np.array([r["language"] for r in rows])
    by_lang = {lang: float((p[langs == lang] == y[langs == lang]).mean()) for lang in corpus.LANGS}
    return {
        "zero": zero,
        "zero_f1": zero_f1,
        "tagged": tagged,
        "tagged_f1": tagged_f1,
        "n": len(rows),
        "by_lang": by_lang,
    }


def long_eval(taxonomy) -> dict:
    """Top-cluster accuracy on the hand-written long documents, and the share quoted from their body."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "insight"))
    from long_documents import LONG_DOCUMENTS

    a = analyze([Record(i, text, language=lang) for i, lang, _, _, text, _ in LONG_DOCUMENTS], taxonomy)
    ok = quoted = 0
    for (rid, _, true_cluster, _, _, body), res in zip(LONG_DOCUMENTS, a.records, strict=True):
        ok += res.issues[0][1] == true_cluster
        syn = next(i for i in a.issues if i.issue == res.issues[0][0])
        ex = [e.text.rstrip("…") for e in syn.representative + syn.distinct if e.record_id == rid]
        quoted += bool(ex) and ex[0] in " ".join(body.split())
    n = len(LONG_DOCUMENTS)
    return {"n": n, "accuracy": ok / n, "excerpt_from_body": quoted / n}


def _generate(path: str, truth_path: str, n: int, seed: int, hard: bool = True) -> None:
    campaign = np.full(n, -1, np.int32)
    family = np.full(n, -1, np.int32)
    quotes = np.full(n, -1, np.int32)
    stock_only = np.zeros(n, bool)
    cluster_ = np.zeros(n, np.int8)
    lang = np.zeros(n, np.int8)
    with open(path, "w", encoding="utf-8") as f:
        for i, (rec, truth) in enumerate(corpus.generate(n, seed, hard=hard)):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            campaign[i] = truth.campaign
            family[i] = truth.family
            quotes[i] = truth.quotes
            stock_only[i] = truth.stock_only
            cluster_[i] = corpus.CLUSTER_OF[truth.issue]
            lang[i] = corpus.LANGS.index(truth.language)
    np.savez(
        truth_path, campaign=campaign, family=family, quotes=quotes, stock_only=stock_only, cluster=cluster_, lang=lang
    )


def family_scores(pred_campaign: list, pred_family: dict, true_c: np.ndarray, true_f: np.ndarray) -> dict:
    """Sister campaigns: how many true sister pairs stay two campaigns, and how many of those share a family."""
    major: dict[int, object] = {}
    by_true: dict[int, Counter] = defaultdict(Counter)
    for p, t in zip(pred_campaign, true_c.tolist(), strict=False):
        if t >= 0:
            by_true[t][p] += 1
    for t, counts in by_true.items():
        major[t] = counts.most_common(1)[0][0]
    fam_of = {int(c): int(f) for c, f in zip(true_c.tolist(), true_f.tolist(), strict=False) if c >= 0}
    sisters = [(t, fam_of[t]) for t in by_true if fam_of.get(t, t) != t and fam_of[t] in by_true]
    apart = [(a, b) for a, b in sisters if major[a] is not None and major[b] is not None and major[a] != major[b]]
    together = [
        (a, b) for a, b in apart if pred_family.get(major[a]) and pred_family.get(major[a]) == pred_family.get(major[b])
    ]
    return {"sister_pairs": len(sisters), "kept_apart": len(apart), "same_family": len(together)}


def real_eval(corpora: Path) -> list[dict]:
    """Real consultation exports (bench/prepare_polis.py): stock lines, campaigns and voices against a manual count.

    A campaign "made of stock text" is one whose representative, stock lines left out, holds no free text, or whose
    members share no passage beyond stock lines. The manual count is in bench/manual_counts.json (method there).
    """
    manual = json.loads((Path(__file__).resolve().parent / "manual_counts.json").read_text(encoding="utf-8"))
    out = []
    for name, truth in manual.items():
        path = corpora / "polis" / f"{name}.jsonl"
        if not path.exists():
            continue
        work = Path(tempfile.mkdtemp(prefix="insight-real-"))
        try:
            t = time.perf_counter()
            summary = analyze_file(str(path), str(work), progress=False, executor=SerialExecutor(), xlsx=False)
            seconds = time.perf_counter() - t
            camps = json.loads((work / "campaigns.json").read_text(encoding="utf-8"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        stock = {x["text"] for x in camps["stock_lines"]["lines"]}
        of_stock = [
            c["id"]
            for c in camps["campaigns"]
            if not c["representative_text"].strip()
            or all(normalise(x) in stock for x in c["representative_text"].splitlines() if x.strip())
        ]
        groups = truth["copy_paste_groups"]
        manual_voices = truth["records"] - sum(len(g) for g in groups) + len(groups)
        found = {frozenset(c["member_ids"]) for c in camps["campaigns"]}
        out.append(
            {
                "name": name,
                "records": summary["records"],
                "seconds": round(seconds, 1),
                "stock_lines": len(camps["stock_lines"]["lines"]),
                "stock_only": summary["stock_only"],
                "campaigns": summary["campaigns"],
                "campaigns_of_stock_text": len(of_stock),
                "manual_groups_found": sum(frozenset(g) in found for g in groups),
                "manual_groups": len(groups),
                "voices": summary["voices"],
                "manual_voices": manual_voices,
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2005)
    ap.add_argument("--baseline-max", type=int, default=100_000, help="records the baseline is timed on")
    ap.add_argument("--workdir", help="keep the corpus and outputs here (default: a temporary directory)")
    ap.add_argument(
        "--corpora",
        default=os.environ.get("BENCH_CORPORA", str(Path(__file__).resolve().parent / "corpora")),
        help="where the prepare scripts wrote the real corpora",
    )
    ap.add_argument(
        "--plain-corpus", action="store_true", help="no sisters, stock lines or quoting comments (the corpus of before)"
    )
    ap.add_argument("--no-classify", action="store_true", help="skip the learning curve on the real corpora")
    ap.add_argument("--classify-languages", nargs="+", default=["en", "fr"])
    args = ap.parse_args()
    n = args.records
    work = Path(args.workdir or tempfile.mkdtemp(prefix="insight-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "corpus.jsonl"
    out = work / "out"

    t = time.perf_counter()
    # Generated in a child process, so that the memory measured below is the pipeline's, not the generator's.
    child = mp.get_context("spawn").Process(
        target=_generate, args=(str(src), str(work / "truth.npz"), n, args.seed, not args.plain_corpus)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit("corpus generation failed")
    with np.load(work / "truth.npz") as z:
        true_campaign, true_cluster, lang_code = z["campaign"], z["cluster"], z["lang"]
        true_family, true_quotes, true_stock_only = z["family"], z["quotes"], z["stock_only"]
    true_lang = [corpus.LANGS[c] for c in lang_code.tolist()]
    gen_s = time.perf_counter() - t

    # Whole pipeline, all cores, streamed from the file.
    with PeakRSS() as mem:
        t = time.perf_counter()
        cpu0 = _cpu_s()
        stats = analyze_file(str(src), str(out), progress=False)
        pipe_s = time.perf_counter() - t
        # The workers have exited (the executor is closed), so their time is in RUSAGE_CHILDREN by now.
        pipe_cpu = [b - a for a, b in zip(cpu0, _cpu_s(), strict=True)]
    pred_campaign: list[str | None] = []
    pred_cluster = np.zeros(n, np.int8)
    no_free = np.zeros(n, bool)
    lang_ok = 0
    with (out / "records.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            pred_campaign.append(r["campaign"])
            pred_cluster[i] = r["issues"][0]["cluster"] if r["issues"] else 0
            no_free[i] = "no_free_text" in r["flags"]
            lang_ok += r["language"] == true_lang[i]
    c_prec, c_rec = campaign_scores(pred_campaign, true_campaign)
    pp_prec, pp_rec = pair_scores(pred_campaign, true_campaign)
    camp_json = json.loads((out / "campaigns.json").read_text(encoding="utf-8"))
    pred_family = {c["id"]: c.get("family") for c in camp_json["campaigns"]}
    fam = family_scores(pred_campaign, pred_family, true_campaign, true_family)
    quoting = np.flatnonzero(true_quotes >= 0)
    quoting_alone = sum(pred_campaign[i] is None for i in quoting.tolist())
    true_sizes = Counter(true_campaign[true_campaign >= 0].tolist())
    true_voices = n - sum(true_sizes.values()) + len(true_sizes)
    stock_truth = int(true_stock_only.sum())
    stock_found = int((no_free & true_stock_only).sum())
    stock_in_campaign = sum(pred_campaign[i] is not None for i in np.flatnonzero(true_stock_only).tolist())
    stock_lines = camp_json.get("stock_lines") or {}
    corpus_cl, corpus_f1 = per_cluster(true_cluster, pred_cluster, [1, 2, 3, 4])
    del pred_campaign
    gc.collect()

    # Campaign stage and baseline on the same in-memory texts.
    m = min(n, args.baseline_max)
    texts: list[str] = []
    with src.open(encoding="utf-8") as f:
        for line in f:
            if len(texts) >= m:
                break
            texts.append(json.loads(line)["text"])
    ex = ProcessExecutor()
    try:
        t = time.perf_counter()
        stage_pred = campaign_stage(texts, ex)
        stage_s = time.perf_counter() - t
    finally:
        ex.close()
    s_prec, s_rec = campaign_scores(stage_pred, true_campaign[:m])
    sp_prec, sp_rec = pair_scores(stage_pred, true_campaign[:m])
    t = time.perf_counter()
    base_pred = baseline(texts)
    base_s = time.perf_counter() - t
    b_prec, b_rec = campaign_scores(base_pred, true_campaign[:m])
    bp_prec, bp_rec = pair_scores(base_pred, true_campaign[:m])

    taxonomy = load_taxonomy()
    real = real_eval(Path(args.corpora))
    lab = labelled_eval(taxonomy)
    long_ = long_eval(taxonomy)

    rows = [
        ("records", f"{n:,}"),
        ("corpus generated in", f"{gen_s:.1f} s"),
        ("whole pipeline", f"{pipe_s:.1f} s, {n / pipe_s:,.0f} records/s"),
        (
            "pipeline CPU time (driver + workers)",
            f"{sum(pipe_cpu):.1f} s ({pipe_cpu[0]:.1f} + {pipe_cpu[1]:.1f}), "
            f"{1000 * sum(pipe_cpu) / n:.3f} ms a record; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores",
        ),
        ("  stage timings (s)", json.dumps(stats["timings_s"])),
        ("peak RSS (driver + workers)", f"{mem.peak / 2**20:,.0f} MB"),
        ("campaigns found / records in them", f"{stats['campaigns']:,} / {stats['records_in_campaigns']:,}"),
        ("true campaigns", f"{len(set(true_campaign[true_campaign >= 0].tolist())):,}"),
        ("corpus", "plain (before)" if args.plain_corpus else "sisters, stock lines, quoting comments"),
        ("campaign pair precision / recall (pipeline)", f"{pp_prec:.4f} / {pp_rec:.4f}"),
        ("campaign per-record precision / recall (pipeline)", f"{c_prec:.4f} / {c_rec:.4f}"),
        (
            f"campaign stage on {m:,} texts",
            f"{stage_s:.2f} s, {m / stage_s:,.0f} docs/s, pair P/R {sp_prec:.4f} / {sp_rec:.4f}, "
            f"per record {s_prec:.4f} / {s_rec:.4f}",
        ),
        (
            f"baseline (datasketch LSH {BASELINE_THRESHOLD}, union-find) on {m:,} texts",
            f"{base_s:.2f} s, {m / base_s:,.0f} docs/s, pair P/R {bp_prec:.4f} / {bp_rec:.4f}, "
            f"per record {b_prec:.4f} / {b_rec:.4f}",
        ),
        (
            "ratio stage / baseline: pair precision, pair recall",
            f"{sp_prec / max(bp_prec, 1e-9):.2f}x, {sp_rec / max(bp_rec, 1e-9):.2f}x",
        ),
        ("speedup (campaign stage / baseline)", f"{base_s / stage_s:.1f}x"),
        ("voices found / true", f"{stats['voices']:,} / {true_voices:,} ({stats['voices'] / true_voices - 1:+.2%})"),
        (
            "sister campaign pairs: kept apart / in one family",
            f"{fam['kept_apart']} / {fam['same_family']} of {fam['sister_pairs']}",
        ),
        ("comments quoting a campaign left unique", f"{quoting_alone} of {len(quoting)}"),
        (
            "stock-only records flagged no free text / in a campaign",
            f"{stock_found} / {stock_in_campaign} of {stock_truth}",
        ),
        (
            "stock lines found (records with some)",
            f"{len(stock_lines.get('lines', []))} ({stock_lines.get('records_with_stock', 0):,})",
        ),
        ("language accuracy (corpus)", f"{lang_ok / n:.4f}"),
        ("issue cluster macro F1 (corpus, top issue)", f"{corpus_f1:.4f}"),
    ]
    for r in real:
        rows.append(
            (
                f"real: {r['name']} ({r['records']:,} records)",
                f"{r['stock_lines']} stock lines, {r['stock_only']:,} records with no free text, "
                f"{r['campaigns']} campaigns ({r['campaigns_of_stock_text']} of stock text), "
                f"{r['manual_groups_found']} of {r['manual_groups']} hand-found copy groups found, "
                f"voices {r['voices']:,} / manual {r['manual_voices']:,} "
                f"({r['voices'] / r['manual_voices'] - 1:+.2%}), {r['seconds']} s",
            )
        )
    if not real:
        rows.append(("real corpora", "none prepared (bench/prepare_polis.py; see bench/SOURCES.md)"))
    for c, (p, r, f1) in corpus_cl.items():
        rows.append((f"  corpus cluster {c} P / R / F1", f"{p:.3f} / {r:.3f} / {f1:.3f}"))
    rows.append((f"labelled set ({lab['n']} texts) macro F1, zero-shot", f"{lab['zero_f1']:.4f}"))
    for c, (p, r, f1) in lab["zero"].items():
        rows.append((f"  cluster {c} P / R / F1", f"{p:.3f} / {r:.3f} / {f1:.3f}"))
    rows.append(("labelled set macro F1, 5-fold with tags", f"{lab['tagged_f1']:.4f}"))
    for c, (p, r, f1) in lab["tagged"].items():
        rows.append((f"  cluster {c} P / R / F1", f"{p:.3f} / {r:.3f} / {f1:.3f}"))
    rows.append(
        (
            f"long documents ({long_['n']}, title page first) top cluster / excerpt from body",
            f"{long_['accuracy']:.3f} / {long_['excerpt_from_body']:.3f}",
        )
    )
    rows.append(("labelled accuracy by language", json.dumps({k: round(v, 3) for k, v in lab["by_lang"].items()})))
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print("-" * (width + 40))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    result = {
        "records": n,
        "docs_per_s": round(n / pipe_s, 1),
        "cpu_ms_per_record": round(1000 * sum(pipe_cpu) / n, 4),
        "cpu_s_driver_workers": [round(x, 1) for x in pipe_cpu],
        "load_after_pipeline": round(os.getloadavg()[0], 2),
        "campaign_docs_per_s": round(m / stage_s, 1),
        "baseline_docs_per_s": round(m / base_s, 1),
        "speedup": round(base_s / stage_s, 2),
        "peak_rss_mb": round(mem.peak / 2**20, 1),
        "campaign_precision": round(c_prec, 4),
        "campaign_recall": round(c_rec, 4),
        "campaign_pair_precision": round(pp_prec, 4),
        "campaign_pair_recall": round(pp_rec, 4),
        "stage_pair_precision": round(sp_prec, 4),
        "stage_pair_recall": round(sp_rec, 4),
        "baseline_pair_precision": round(bp_prec, 4),
        "baseline_pair_recall": round(bp_rec, 4),
        "voices": stats["voices"],
        "true_voices": true_voices,
        "sisters": fam,
        "quoting_left_unique": [int(quoting_alone), len(quoting)],
        "stock_only_flagged": [stock_found, stock_truth],
        "plain_corpus": bool(args.plain_corpus),
        "real": real,
        "classify_macro_f1": round(lab["zero_f1"], 4),
        "classify_macro_f1_with_tags": round(lab["tagged_f1"], 4),
        "classify_per_cluster": {
            str(c): {"precision": round(p, 3), "recall": round(r, 3)} for c, (p, r, _) in lab["zero"].items()
        },
        "long_document_accuracy": round(long_["accuracy"], 4),
        "long_document_excerpt_from_body": round(long_["excerpt_from_body"], 4),
        "corpus_cluster_macro_f1": round(corpus_f1, 4),
        "language_accuracy": round(lang_ok / n, 4),
        "baseline_precision": round(b_prec, 4),
        "baseline_recall": round(b_rec, 4),
    }
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)  # a million-record corpus is most of a gigabyte
    if not args.no_classify:
        import classify_bench  # issues on real corpora: learning curve and calibration (bench/SOURCES.md)

        result["classify_real"] = classify_bench.main(["--languages", *args.classify_languages])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
