"""Reading issues well: calibrated per-issue probabilities, a real "none of these", learning from tags, fit.

The zero-shot teacher (`insight.classify.Teacher`) gives each text a raw similarity to every issue, and a keyword
reader (`keyword_similarity`: TF-IDF cosine to the issue's own words) another; their mixture (`mix`) says how a
text divides between the issues (a softmax over them). Whether it is about any of them at all is the *gate*, a
logistic function of its best embedding similarity: texts unlike every issue are "none of these". The product is
the zero-shot probability of each issue.

With tags, three multinomial experts learn from the tagged records (word TF-IDF, character n-gram TF-IDF and the
multilingual embedding, each a balanced logistic regression); their log-probabilities are summed with the zero-shot
prior, whose weight is chosen on inner folds of the tags (held-out log-likelihood): a few tags lean on the
prior, many on the experts. The same out-of-fold scores fit a Platt mapping (one slope and one intercept for every
issue), so that a record scored 0.8 is right about 80% of the time. A record is "none of these" when its text has
no free words (empty, file names, a pointer to an attachment) or the gate says it is about no issue; else it gets
its best issue and every other issue whose probability reaches ASSIGN_P or that one of its passages is mainly
about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

ASSIGN_P = 0.5  # an issue is assigned from this calibrated probability on
# Zero-shot calibration (fixed: there is nothing to hold out before anyone tags). The temperature of the softmax
# over issues and the gate (on the best raw teacher similarity) were set on the hand-written labelled set
# (insight/data/labelled.jsonl, on topic) and the off-topic texts of tests/insight/test_issues.py; the real corpora
# of bench/classify_bench.py measure how well they hold (docs/insight.md, "Issues").
ZERO_TEMPERATURE = 0.045
GATE_AT = 0.16
GATE_SLOPE = 40.0
FIT_NONE_SHARE = 0.5  # taxonomy-fit warning: more than this share of records with free text is "none of these"
FIT_TOP_SHARE = 0.5  # ... or one issue takes more than this share of the records given an issue
FIT_MIN_RECORDS = 20
MIN_TAGGED = 4  # fewer tagged records than this: the teacher alone (its exemplars) decides
FOLDS = 5
C = 10.0  # inverse regularisation strength of the word and character experts' logistic regressions
EMBED_C = 1.0  # ... and of the embedding expert's (dense 512 dimensions: more regularised)
CHAR_FEATURES = 200_000
FEATURE_CHARS = 3000  # what the word readers read of a text
# The prior's weight beside the experts' summed log-probabilities, chosen per fit on the tags' inner folds.
PRIOR_WEIGHTS = (0.0, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56)
SELF_TRAIN_SHARE = 0.3  # self-training: this share of the untagged records given each issue become pseudo-tags
# Zero-shot: the keyword reader's cosines (keyword_similarity) added to the embedding's with a weight read from the
# corpus itself, without labels (keyword_mixing): how far the two readers agree on how each text divides between
# the issues. KEYWORD_GAIN scales that estimate; it was set on the GDPR corpora and the hand-written labelled set
# (docs/insight.md, "Issues"), where a fixed weight could not hold on both.
KEYWORD_GAIN = 1.25
MAX_KEYWORD_WEIGHT = 8.0
MIN_MIXING_ROWS = 10  # fewer texts than this say too little about the readers' agreement
FALLBACK_KEYWORD_WEIGHT = 1.0
# Calibration with few tags: the Platt mapping is fitted on out-of-fold scores, from experts that each saw part of
# the tags, weaker than the learner fitted on all of them (and on its pseudo-tags): with two tags an issue it says
# a record is right a third of the time when it is right three times in five. The learner's own probabilities are
# as far off the other way. So the two are mixed, the held-out mapping weighing n / (n + CALIBRATION_PRIOR_TAGS)
# for n tagged records (docs/insight.md, "Issues": expected calibration error on the real corpora).
CALIBRATION_PRIOR_TAGS = 20


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def gate(raw: np.ndarray, at: float = GATE_AT) -> np.ndarray:
    """Probability that a text is about any issue of the taxonomy, from its best raw similarity."""
    if raw.shape[1] == 0:
        return np.zeros(len(raw))
    return sigmoid(GATE_SLOPE * (raw.max(axis=1) - at))


def zero_shot(raw: np.ndarray, at: float = GATE_AT, on_topic: np.ndarray | None = None) -> np.ndarray:
    """Per-issue probabilities from the zero-shot reading alone: share among issues x gate (`on_topic`, when the
    gate is read from other similarities than the shares)."""
    share = np.exp(log_softmax(raw / ZERO_TEMPERATURE))
    g = gate(raw, at) if on_topic is None else on_topic
    return (share * g[:, None]).astype(np.float32)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern: words of two characters or more


def keyword_similarity(texts: list[str], issue_texts: list[str], corpus_texts: list[str] | None = None) -> np.ndarray:
    """Cosine of each text to each issue's own words (title, description, keywords) in a TF-IDF space fitted on
    the texts, `corpus_texts` and the issues' texts: the signal of a plain keyword reader, which the embedding
    misses on technical or legal wording. It reads what the embedding reads (a short text's opening, a long one's
    passages): one reading, two readers.

    Plain numpy, the same figures as scikit-learn's TfidfVectorizer(sublinear_tf=True) (smoothed idf, l2 norm):
    a run without tags does not load scikit-learn."""
    from collections import Counter

    from insight.classify import reading

    n, n_issues = len(texts), len(issue_texts)
    if not n or not n_issues:
        return np.zeros((n, n_issues), np.float32)
    docs = [Counter(_TOKEN.findall(" ".join(reading(t)).lower())) for t in texts]
    issues = [Counter(_TOKEN.findall(t.lower())) for t in issue_texts]
    extra = [set(_TOKEN.findall(t[:FEATURE_CHARS].lower())) for t in corpus_texts or []]
    df: Counter = Counter()
    for bag in (*docs, *issues, *extra):
        df.update(set(bag))
    total = len(docs) + len(issues) + len(extra)
    vocab = {t: k for k, t in enumerate(sorted({t for bag in issues for t in bag}))}
    if not vocab:
        return np.zeros((n, n_issues), np.float32)

    def idf(t: str) -> float:
        return float(np.log((1 + total) / (1 + df[t])) + 1.0)

    def rows(bags: list[Counter]) -> np.ndarray:
        out = np.zeros((len(bags), len(vocab)))
        for r, bag in enumerate(bags):
            norm = 0.0
            for t, c in bag.items():
                w = (1.0 + np.log(c)) * idf(t)
                norm += w * w
                k = vocab.get(t)
                if k is not None:
                    out[r, k] = w
            if norm > 0:
                out[r] /= np.sqrt(norm)
        return out

    return (rows(docs) @ rows(issues).T).astype(np.float32)


def _centred_spreads(raw: np.ndarray, kw: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    rc = raw - raw.mean(axis=1, keepdims=True)
    kc = kw - kw.mean(axis=1, keepdims=True)
    return rc, kc, float(np.sqrt((rc**2).mean())), float(np.sqrt((kc**2).mean()))


def keyword_mixing(raw: np.ndarray, kw: np.ndarray | None) -> tuple[float, float]:
    """(weight, scale) of the keyword reader in the zero-shot reading, from the corpus alone (no labels).

    Each reader's scores, centred per text, say how the text divides between the issues. If both read the same
    signal through independent noise, the correlation rho of the two over the corpus is the square root of the
    product of their reliabilities; rho^2 / (1 - rho^2), the share of the keyword reader's variation that the
    embedding's accounts for against the share it does not, measures how much of it is signal. The weight is that,
    in the embedding's units (the ratio of the two spreads), times KEYWORD_GAIN: where a corpus's words are the
    taxonomy's (a legal text cut by its own headings) the readers agree and the keyword reader weighs a lot; where
    people write in their own words, or in other languages than the taxonomy's, it weighs little. `scale` brings
    the mixture's spread back to the embedding's alone, for which ZERO_TEMPERATURE and the gate were set.
    """
    if kw is None or kw.shape != raw.shape or len(raw) == 0 or raw.shape[1] < 2:
        return 0.0, 1.0
    rc, kc, sr, sk = _centred_spreads(raw.astype(np.float64), kw.astype(np.float64))
    if len(raw) < MIN_MIXING_ROWS:
        weight = FALLBACK_KEYWORD_WEIGHT
    elif sk <= 1e-9 or sr <= 1e-9:
        return 0.0, 1.0
    else:
        rho = float(np.clip((rc * kc).mean() / (sr * sk), 0.0, 0.99))
        weight = float(np.clip(KEYWORD_GAIN * (sr / sk) * rho**2 / (1.0 - rho**2), 0.0, MAX_KEYWORD_WEIGHT))
    spread = float(np.sqrt(((rc + weight * kc) ** 2).mean()))
    return weight, (sr / spread if spread > 1e-9 and sr > 1e-9 else 1.0)


def mix(raw: np.ndarray, kw: np.ndarray | None, mixing: tuple[float, float] | None = None) -> np.ndarray:
    """The zero-shot reading: the embedding's raw similarities plus the keyword reader's, `mixing` = (weight,
    scale) as keyword_mixing gives (by default, read from these rows)."""
    if kw is None or kw.shape != raw.shape:
        return raw
    weight, scale = mixing if mixing is not None else keyword_mixing(raw, kw)
    if weight == 0.0:
        return raw
    return (scale * (raw + weight * kw)).astype(np.float32)


@dataclass(slots=True)
class Learner:
    """A stack of three multinomial experts learnt from the tags (their log-probabilities summed) plus the zero-shot
    prior, weighed by inner cross-validation on the tags, with a shared Platt calibration (see fit_learner)."""

    experts: list | None  # fitted experts (see _fit_experts), or None: zero-shot only
    trained: np.ndarray  # (I,) bool: issues with tags; the others keep the zero-shot score
    prior_weight: float = 1.0
    platt: tuple[float, float] = (1.0, 0.0)
    gate_at: float = GATE_AT
    chars: object | None = None  # character n-gram TF-IDF fitted on the corpus (shared by every fold)
    mixing: tuple[float, float] = (0.0, 1.0)  # the keyword reader's (weight, scale): keyword_mixing on the corpus
    platt_share: float = 1.0  # how much the held-out Platt mapping weighs against the learner's own probabilities
    info: dict = field(default_factory=dict)

    def logits(self, emb: np.ndarray, texts: list[str], raw: np.ndarray, kw: np.ndarray | None = None) -> np.ndarray:
        """Per-issue log-scores (n, I), normalised over the issues."""
        prior = log_softmax(mix(raw, kw, self.mixing) / ZERO_TEMPERATURE)
        if not self.experts:
            return prior
        return log_softmax(
            _experts_lp(self.experts, self.chars, emb, texts, prior.shape[1]) + self.prior_weight * prior
        )

    def probabilities(
        self, emb: np.ndarray, texts: list[str], raw: np.ndarray, kw: np.ndarray | None = None
    ) -> np.ndarray:
        """Calibrated per-issue probabilities (n, I); each is a yes/no question, so a row need not sum to 1.

        `raw` are the embedding similarities (they decide the gate), `kw` the keyword reader's (keyword_similarity).
        """
        zs = zero_shot(mix(raw, kw, self.mixing), self.gate_at, gate(raw, self.gate_at))
        if not self.experts or not self.trained.any():
            return zs
        from threadpoolctl import threadpool_limits

        _load_libraries()
        a, b = self.platt
        with threadpool_limits(limits=1):
            z = self.logits(emb, texts, raw, kw)
        p = sigmoid(a * z + b)
        if self.platt_share < 1.0:
            p = self.platt_share * p + (1.0 - self.platt_share) * np.exp(z)
        # Issues nobody tagged yet keep their zero-shot probability.
        p[:, ~self.trained] = zs[:, ~self.trained]
        return (p * gate(raw, self.gate_at)[:, None]).astype(np.float32)

    def on_topic(self, raw: np.ndarray) -> np.ndarray:
        """Probability that each text is about any issue at all (the gate)."""
        return gate(raw, self.gate_at).astype(np.float32)


FLOOR = np.log(1e-4)  # log-probability an expert gives an issue it has no tag of


def _rows(y: np.ndarray) -> list[tuple[int, int]]:
    """(record, issue) per tag: a record tagged with two issues is one example of each."""
    return [(r, int(j)) for r in range(len(y)) for j in np.flatnonzero(y[r])]


def _fit_experts(emb: np.ndarray, texts: list[str], y: np.ndarray, chars, extra: tuple | None = None) -> list | None:
    """Three multinomial logistic regressions on the tags, balanced by issue: over the tagged texts' own words
    (TF-IDF, the vocabulary of the tags), over character 2-5-grams (TF-IDF fitted on the corpus: inflected
    languages such as French share stems, not words) and over the multilingual embedding. `extra` (embeddings,
    texts, issue per row) are pseudo-tags (see _self_train) added to the training rows."""
    import warnings

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = _rows(y)
    labels = [j for _, j in rows]
    if len(set(labels)) < 2:
        return None
    # scikit-learn warns when there are more issues than half the tags: a few tags per issue is the normal case here.
    warnings.filterwarnings("ignore", message="The number of unique classes", category=UserWarning)
    docs = [texts[r][:FEATURE_CHARS] for r, _ in rows]
    x_emb = emb[[r for r, _ in rows]].astype(np.float64)
    if extra is not None and len(extra[2]):
        docs = docs + [t[:FEATURE_CHARS] for t in extra[1]]
        labels = labels + [int(j) for j in extra[2]]
        x_emb = np.vstack([x_emb, extra[0].astype(np.float64)])
    words = TfidfVectorizer(sublinear_tf=True).fit(docs)
    out = []
    m = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(words.transform(docs), labels)
    out.append(("words", words, m))
    if chars is not None:
        m = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(chars.transform(docs), labels)
        out.append(("chars", None, m))
    m = LogisticRegression(C=EMBED_C, class_weight="balanced", max_iter=1000)
    m.fit(x_emb, labels)
    out.append(("embedding", None, m))
    return out


def _experts_lp(experts: list, chars, emb: np.ndarray, texts: list[str], n_issues: int) -> np.ndarray:
    docs = [t[:FEATURE_CHARS] for t in texts]
    total = np.zeros((len(texts), n_issues))
    for name, vec, m in experts:
        if name == "words":
            x = vec.transform(docs)
        elif name == "chars":
            x = chars.transform(docs)
        else:
            x = emb.astype(np.float64)
        lp = np.full((len(texts), n_issues), FLOOR)
        lp[:, m.classes_] = np.maximum(m.predict_log_proba(x), FLOOR)
        total += lp
    return total


def fit_learner(
    emb: np.ndarray,
    texts: list[str],
    raw: np.ndarray,
    y: np.ndarray,
    corpus_texts: list[str] | None = None,
    kw: np.ndarray | None = None,
    corpus: tuple | None = None,
    mixing: tuple[float, float] | None = None,
) -> Learner:
    """Learn from tagged records: `emb` (n, 512), their texts, the teacher's `raw` (n, I), the keyword reader's
    `kw` (n, I, optional) and tags `y` (n, I) 0/1.

    `corpus_texts` (untagged texts of the same corpus, such as the pipeline's sample) are what the character
    n-grams' vocabulary and document frequencies are fitted on; they carry no label. One BLAS thread: these
    problems are small, and a thread pool spinning on a busy machine made one fit take minutes instead of seconds.

    `corpus` (embeddings, texts, raw, kw of untagged records) lets the learner teach itself (_self_train).

    `mixing` is the keyword reader's (weight, scale) in the zero-shot reading (keyword_mixing); by default it is
    read from every row given, tagged and `corpus` alike (it needs no label).
    """
    if mixing is None:
        rows_raw, rows_kw = raw, kw
        if corpus is not None and kw is not None and corpus[3] is not None and len(corpus[2]):
            rows_raw, rows_kw = np.vstack([raw, corpus[2]]), np.vstack([kw, corpus[3]])
        mixing = keyword_mixing(rows_raw, rows_kw)
    if len(y) < MIN_TAGGED or y.sum() == 0:  # nothing to learn: no need to load scikit-learn
        return _fit_learner(emb, texts, raw, y, corpus_texts, kw, mixing=mixing)
    _load_libraries()
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        learner = _fit_learner(emb, texts, raw, y, corpus_texts, kw, mixing=mixing)
        if corpus is not None and SELF_TRAIN_SHARE > 0 and learner.experts:
            learner = _self_train(learner, emb, texts, raw, y, corpus_texts, kw, corpus)
        return learner


def _self_train(learner: Learner, emb, texts, raw, y, corpus_texts, kw, corpus: tuple) -> Learner:
    """One round of self-training on the untagged corpus: for each tagged issue, the SELF_TRAIN_SHARE of the
    untagged records that the learner gives it as best issue, most confident first, become pseudo-tags, and the
    experts are fitted again with them. The prior's weight and the calibration are still chosen on the real tags
    alone (the pseudo-tags are only ever training rows). On the real corpora this lifts macro-F1 at every share of
    tags (docs/insight.md, "Issues")."""
    c_emb, c_texts, c_raw, c_kw = corpus
    if not len(c_texts):
        return learner
    p = learner.probabilities(c_emb, list(c_texts), c_raw, c_kw)
    best = p.argmax(axis=1)
    conf = p.max(axis=1)
    pick: list[int] = []
    for j in np.flatnonzero(learner.trained):
        rows = np.flatnonzero(best == j)
        k = round(SELF_TRAIN_SHARE * len(rows))
        pick.extend(rows[np.argsort(-conf[rows], kind="stable")[:k]].tolist())
    if not pick:
        return learner
    pick.sort()
    extra = (c_emb[pick], [c_texts[i] for i in pick], best[pick])
    out = _fit_learner(emb, texts, raw, y, corpus_texts, kw, extra, mixing=learner.mixing)
    out.info["pseudo_tags"] = len(pick)
    return out


def _load_libraries() -> None:
    """Import what the fits use before limiting threads: threadpoolctl only limits libraries already loaded."""
    import scipy.optimize
    import scipy.sparse  # noqa: F401
    import sklearn.feature_extraction.text
    import sklearn.linear_model  # noqa: F401


def _folds(y: np.ndarray) -> tuple[np.ndarray, int]:
    """Inner folds over the tagged records, stratified by first tag, deterministic: as many as the rarest tagged
    issue allows (2 to FOLDS), so that every fold holds each issue when it can."""
    n, n_issues = y.shape
    first = np.argmax(y + 1e-3 * np.arange(n_issues)[::-1], axis=1)
    counts = np.bincount(first, minlength=n_issues)
    folds = int(np.clip(counts[counts > 0].min(), 2, FOLDS)) if n >= 2 else 1
    fold_of = np.zeros(n, dtype=np.int64)
    for j in np.flatnonzero(counts):
        rows = np.flatnonzero(first == j)
        fold_of[rows] = np.arange(len(rows)) % folds
    return fold_of, folds


def _fit_learner(
    emb: np.ndarray,
    texts: list[str],
    raw: np.ndarray,
    y: np.ndarray,
    corpus_texts: list[str] | None,
    kw: np.ndarray | None,
    extra: tuple | None = None,
    mixing: tuple[float, float] = (0.0, 1.0),
) -> Learner:
    n, n_issues = y.shape
    # The gate must not call tagged records "none": its threshold moves below what they score, if need be.
    at = GATE_AT
    if n:
        at = float(min(GATE_AT, np.quantile(raw.max(axis=1), 0.05) - 0.02))
    trained = y.sum(axis=0) > 0
    if n < MIN_TAGGED or y.sum() == 0 or trained.sum() < 2:
        return Learner(None, np.zeros(n_issues, bool), gate_at=at, mixing=mixing)
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = [t[:FEATURE_CHARS] for t in list(texts) + list(corpus_texts or [])]
    chars = TfidfVectorizer(
        sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=CHAR_FEATURES
    )
    try:
        chars.fit(corpus)
    except ValueError:  # too few texts for min_df, or no characters
        chars = None
    prior = log_softmax(mix(raw, kw, mixing) / ZERO_TEMPERATURE)
    # Inner folds: each fold's experts are fitted on the others; their out-of-fold log-probabilities choose the
    # weight of the prior (the fewer the tags, the more the zero-shot reading counts) and fit the calibration.
    fold_of, folds = _folds(y)
    oof = np.full((n, n_issues), np.nan)
    for k in range(folds):
        test = fold_of == k
        train = ~test
        if not test.any() or train.sum() < 2:
            continue
        ex = _fit_experts(emb[train], [t for t, m in zip(texts, train, strict=True) if m], y[train], chars, extra)
        if ex is None:
            continue
        oof[test] = _experts_lp(ex, chars, emb[test], [t for t, m in zip(texts, test, strict=True) if m], n_issues)
    done = ~np.isnan(oof[:, 0])
    weight = PRIOR_WEIGHTS[-1]
    if done.sum() >= 2:
        tags = [(r, j) for r, j in _rows(y) if done[r]]
        rr = np.array([r for r, _ in tags])
        jj = np.array([j for _, j in tags])

        def loglik(w: float) -> float:
            z = oof[done] + w * prior[done]
            zf = np.full((n, n_issues), 0.0)
            zf[done] = z
            return max(float(log_softmax(zf * t)[rr, jj].mean()) for t in (0.25, 0.5, 1.0))

        weight = max(PRIOR_WEIGHTS, key=loglik)
    learner = Learner(
        _fit_experts(emb, texts, y, chars, extra),
        trained,
        prior_weight=float(weight),
        gate_at=at,
        chars=chars,
        mixing=mixing,
    )
    learner.platt_share = 0.0  # until a mapping is fitted: the learner's own probabilities
    if done.any():
        scores = log_softmax(oof[done] + weight * prior[done])
        ok = np.broadcast_to(trained[None, :], scores.shape)
        s, t = scores[ok], y[done][ok]
        if len(s) >= 10 and 0 < t.sum() < len(t):
            learner.platt = platt(s, t)
            n_tags = float(t.sum())
            learner.platt_share = n_tags / (n_tags + CALIBRATION_PRIOR_TAGS)
    learner.info = {
        "tagged": int(n),
        "trained_issues": int(trained.sum()),
        "platt": learner.platt,
        "platt_share": round(learner.platt_share, 3),
        "prior_weight": learner.prior_weight,
        "keyword_weight": round(mixing[0], 3),
        "folds": int(folds),
    }
    return learner


def platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of sigmoid(a * score + b) fitted to 0/1 outcomes (Platt's smoothed targets)."""
    from sklearn.linear_model import LogisticRegression

    pos = y.sum()
    neg = len(y) - pos
    # Platt (1999): targets moved off 0 and 1 so that a few examples do not make the mapping a step.
    t = np.where(y > 0, (pos + 1) / (pos + 2), 1 / (neg + 2))
    xs = np.concatenate([scores, scores])[:, None]
    ys = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    w = np.concatenate([t, 1 - t])
    m = LogisticRegression(C=1e4, max_iter=200).fit(xs, ys, sample_weight=w)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


# ---------------------------------------------------------------- what a record gets


def assign(
    p: np.ndarray, topic: np.ndarray, passage_top: list[list[tuple[int, float]]] | None = None
) -> list[list[int]]:
    """Issue indices each record gets, best first: none when it is about no issue (`topic`, the gate, below 0.5),
    else its best, every other issue at ASSIGN_P or more, and the issues that one of its passages is mainly about
    (`passage_top`: per record, (issue, probability) of each passage's best issue)."""
    out: list[list[int]] = []
    for r in range(len(p)):
        row = p[r]
        if not len(row) or topic[r] < 0.5:
            out.append([])
            continue
        order = np.argsort(-row, kind="stable")
        chosen = [int(order[0])] + [int(j) for j in order[1:] if row[j] >= ASSIGN_P]
        if passage_top is not None:
            for j, pj in passage_top[r]:
                if pj >= ASSIGN_P and j not in chosen:
                    chosen.append(j)
        out.append(chosen)
    return out


def taxonomy_fit(
    none_count: int, with_text: int, primary: np.ndarray, titles: list[str], issues: int | None = None
) -> dict:
    """Does the taxonomy fit the corpus? Warnings when most records are "none of these" or one issue takes most.

    `primary` counts, per issue, the records whose best assigned issue it is.
    """
    given = int(primary.sum())
    none_share = none_count / with_text if with_text else 0.0
    top = int(np.argmax(primary)) if len(primary) else -1
    top_share = float(primary[top] / given) if given else 0.0
    warnings: list[str] = []
    codes: list[str] = []  # one per warning, so that a reader (the web app) can say it in its own language
    if with_text >= FIT_MIN_RECORDS and none_share > FIT_NONE_SHARE:
        codes.append("mostly_none")
        warnings.append(
            f"{none_share:.0%} of the records with free text are about none of the taxonomy's issues: the taxonomy "
            "may not fit this corpus (or the corpus is off-topic)."
        )
    if given >= FIT_MIN_RECORDS and len(primary) >= 3 and top_share > FIT_TOP_SHARE:
        codes.append("one_issue")
        warnings.append(
            f"One issue, '{titles[top]}', takes {top_share:.0%} of the records given an issue: the taxonomy may be "
            "too coarse there, or its other issues may not match what people wrote."
        )
    return {
        "records_with_text": int(with_text),
        "none": int(none_count),
        "none_share": round(none_share, 4),
        "top_issue": titles[top] if top >= 0 else None,
        "top_issue_share": round(top_share, 4),
        "warnings": warnings,
        "warning_codes": codes,
    }


def student_target(p: np.ndarray, topic: float) -> np.ndarray:
    """A soft target (I + 1) for the student from per-issue probabilities and the gate: the issues' shares of
    being on topic, and "none of these"."""
    share = p / max(float(p.sum()), 1e-9)
    return np.concatenate([share * topic, [1.0 - topic]]).astype(np.float32)
