"""Issues on real text: the learning curve and the calibration of the engine against plain baselines.

Reads the labelled real corpora that the prepare scripts write (bench/SOURCES.md): a policy document cut into
blocks by its own structure, each block labelled by its chapter, with a taxonomy made of the chapter headings
(`bench/prepare_classify.py`, the GDPR in English and French), and excerpts of public reports that experts checked
against the Sustainable Development Goals, with the goals as the UN wrote them as taxonomy (`bench/prepare_sdg.py`).
For 0, 5, 10 and 25% of the blocks tagged (stratified by label, several seeds), it runs the whole engine
(`insight.analyze`, the tags given as `Record.issues`) and scores the untagged blocks:

- macro-F1 of the engine's best issue, beside (a) a TF-IDF keyword baseline built from the taxonomy's own words
  (zero-shot: cosine of each block to each issue's title and description) and (b) TF-IDF + logistic regression
  (scikit-learn) trained on the same tags; the ratios engine / baseline;
- expected calibration error (ECE, 10 equal-width bins of the best issue's score against whether it is right) of
  the engine and of the baseline (b)'s probabilities (a's cosines, softmaxed, at 0%);
- the share of blocks the engine calls "none of these" (they are all on topic: the lower the better).

The encoder's output is memoised by text for the run (the same computation, done once per passage), so that the
many runs of the engine over one corpus do not embed it again each time.

    python bench/classify_bench.py [--corpora DIR] [--languages en fr] [--no-sdg] [--seeds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from insight import Record, SerialExecutor, analyze, taxonomy_from_dict

FRACTIONS = (0.0, 0.05, 0.10, 0.25)


def _memoise_encoder() -> None:
    import insight.classify as classify

    model = classify._model()
    cache: dict[str, np.ndarray] = {}

    class Cached:
        def encode(self, parts: list[str]) -> np.ndarray:
            todo = [p for p in dict.fromkeys(parts) if p not in cache]
            if todo:
                for p, e in zip(todo, np.asarray(model.encode(todo), dtype=np.float32), strict=True):
                    cache[p] = e
            return np.stack([cache[p] for p in parts])

    cached = Cached()
    classify._model.cache_clear()
    classify._model = lambda: cached  # type: ignore[assignment]


def macro_f1(y: list[str], p: list[str], labels: list[str]) -> float:
    f1s = []
    for c in labels:
        tp = sum(a == c and b == c for a, b in zip(y, p, strict=True))
        pp = sum(b == c for b in p)
        tt = sum(a == c for a in y)
        prec = tp / pp if pp else 0.0
        rec = tp / tt if tt else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return float(np.mean(f1s))


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the mean gap between confidence and accuracy over equal-width bins."""
    conf = np.clip(np.asarray(conf, float), 0, 1)
    correct = np.asarray(correct, float)
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(conf[m].mean() - correct[m].mean())
    return float(total / max(1, len(conf)))


def tagged_subset(labels: list[str], fraction: float, seed: int) -> set[int]:
    """Stratified: the same fraction of each label (at least one), drawn with a seed."""
    rng = np.random.default_rng(seed)
    out: set[int] = set()
    if fraction <= 0:
        return out
    for c in sorted(set(labels)):
        idx = [i for i, lab in enumerate(labels) if lab == c]
        k = max(1, round(fraction * len(idx)))
        out.update(rng.choice(idx, size=k, replace=False).tolist())
    return out


def keyword_baseline(texts: list[str], taxonomy) -> tuple[list[str], np.ndarray]:
    """(a) TF-IDF over the corpus; each block's issue is the one whose title and description it is closest to."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    issue_texts = [f"{i.title} {i.description} {' '.join(i.keywords)}" for i in taxonomy.issues]
    vec = TfidfVectorizer(sublinear_tf=True).fit(texts + issue_texts)
    sim = (vec.transform(texts) @ vec.transform(issue_texts).T).toarray()
    pred = [taxonomy.issues[j].slug for j in sim.argmax(axis=1)]
    z = sim / 0.05
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return pred, p.max(axis=1)


def lr_baseline(texts: list[str], labels: list[str], tagged: set[int], test: list[int]) -> tuple[list[str], np.ndarray]:
    """(b) TF-IDF + logistic regression trained on the tagged blocks alone (scikit-learn, with sublinear term
    frequencies, C=10 and balanced class weights: with a few dozen tags its defaults predict the largest class)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    tr = sorted(tagged)
    vec = TfidfVectorizer(sublinear_tf=True).fit([texts[i] for i in tr])
    m = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
    m.fit(vec.transform([texts[i] for i in tr]), [labels[i] for i in tr])
    prob = m.predict_proba(vec.transform([texts[i] for i in test]))
    return [m.classes_[k] for k in prob.argmax(axis=1)], prob.max(axis=1)


def run_corpus(blocks: list[dict], taxonomy, seeds: int) -> list[dict]:
    texts = [b["text"] for b in blocks]
    labels = [b["label"] for b in blocks]
    slugs = taxonomy.slugs
    rows = []
    kw_pred, kw_conf = keyword_baseline(texts, taxonomy)
    for fraction in FRACTIONS:
        f_eng, f_lr, f_kw, e_eng, e_lr, e_kw, none, per_issue = [], [], [], [], [], [], [], []
        for seed in range(seeds if fraction > 0 else 1):
            tagged = tagged_subset(labels, fraction, seed)
            test = [i for i in range(len(blocks)) if i not in tagged]
            recs = [
                Record(b["id"], b["text"], language=b.get("language"), issues=[b["label"]] if i in tagged else None)
                for i, b in enumerate(blocks)
            ]
            a = analyze(recs, taxonomy, executor=SerialExecutor())
            res = a.records
            y = [labels[i] for i in test]
            pred = [res[i].issues[0][0] if res[i].issues else "" for i in test]
            conf = np.array([res[i].issues[0][2] if res[i].issues else 0.0 for i in test])
            f_eng.append(macro_f1(y, pred, slugs))
            e_eng.append(ece(conf, np.array([a_ == b_ for a_, b_ in zip(y, pred, strict=True)])))
            none.append(float(np.mean([not res[i].assigned for i in test])))
            f_kw.append(macro_f1(y, [kw_pred[i] for i in test], slugs))
            e_kw.append(ece(kw_conf[test], np.array([kw_pred[i] == labels[i] for i in test])))
            per_issue.append(len(tagged) / len(slugs))
            if tagged:
                lp, lc = lr_baseline(texts, labels, tagged, test)
                f_lr.append(macro_f1(y, lp, slugs))
                e_lr.append(ece(lc, np.array([a_ == b_ for a_, b_ in zip(y, lp, strict=True)])))
        rows.append(
            {
                "tagged": fraction,
                "tags_per_issue": round(float(np.mean(per_issue)), 1),
                "engine_f1": float(np.mean(f_eng)),
                "keyword_f1": float(np.mean(f_kw)),
                "lr_f1": float(np.mean(f_lr)) if f_lr else None,
                "engine_ece": float(np.mean(e_eng)),
                "lr_ece": float(np.mean(e_lr)) if e_lr else None,
                "keyword_ece": float(np.mean(e_kw)),
                "none_share": float(np.mean(none)),
                "fit_warnings": a.stats.get("taxonomy_fit", {}).get("warnings", []),
                "keyword_weight": a.stats.get("keyword_reader", {}).get("weight"),
            }
        )
    return rows


def corpora_in(base: Path, languages: list[str], sdg: bool) -> list[tuple[str, Path, str]]:
    """(name, folder, language) of each prepared corpus: the GDPR in the languages asked, the SDG benchmark."""
    out = [(f"gdpr-{lang}", base / "gdpr", lang) for lang in languages if (base / "gdpr").exists()]
    if sdg and (base / "sdg" / "blocks-en.jsonl").exists():
        out.append(("sdg-en", base / "sdg", "en"))
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    default = os.environ.get("BENCH_CORPORA") or str(Path(__file__).resolve().parent / "corpora")
    ap.add_argument("--corpora", default=default)
    ap.add_argument("--languages", nargs="+", default=["en", "fr"], help="of the GDPR corpus")
    ap.add_argument("--no-sdg", action="store_true", help="leave out the SDG benchmark corpus")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    found = corpora_in(Path(args.corpora), args.languages, not args.no_sdg)
    if not found:
        print(
            f"classify bench: no corpus in {args.corpora} (run bench/prepare_classify.py and bench/prepare_sdg.py, "
            "see bench/SOURCES.md)"
        )
        return {}
    _memoise_encoder()
    out: dict = {}
    for name, base, lang in found:
        taxonomy = taxonomy_from_dict(json.loads((base / f"taxonomy-{lang}.json").read_text("utf-8")))
        blocks = [json.loads(line) for line in (base / f"blocks-{lang}.jsonl").open(encoding="utf-8")]
        t = time.perf_counter()
        rows = run_corpus(blocks, taxonomy, args.seeds)
        out[name] = rows
        weight = rows[0].get("keyword_weight")
        print(
            f"\n{name}: {len(blocks)} blocks, {len(taxonomy.issues)} issues ({time.perf_counter() - t:.0f} s)"
            + (f", keyword reader's weight {weight:.2f} (read from the corpus)" if weight is not None else "")
        )
        print(
            f"{'tagged':>7} {'per issue':>9} {'engine F1':>9} {'keyword F1':>10} {'ratio':>6} {'LR F1':>6} {'ratio':>6}"
            f" {'ECE eng':>8} {'ECE LR':>8} {'ECE kw':>8} {'none':>5}"
        )
        for r in rows:
            lr = r["lr_f1"]
            print(
                f"{r['tagged']:>7.0%} {r['tags_per_issue']:>9.1f} {r['engine_f1']:>9.3f} {r['keyword_f1']:>10.3f}"
                f" {r['engine_f1'] / max(r['keyword_f1'], 1e-9):>6.2f}"
                f" {(f'{lr:.3f}' if lr is not None else '-'):>6}"
                f" {(f'{r["engine_f1"] / max(lr, 1e-9):.2f}' if lr is not None else '-'):>6}"
                f" {r['engine_ece']:>8.3f} {(f'{r["lr_ece"]:.3f}' if r['lr_ece'] is not None else '-'):>8}"
                f" {r['keyword_ece']:>8.3f} {r['none_share']:>5.2f}"
            )
    if args.json:
        print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
