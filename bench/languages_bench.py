"""Language detection on real text in 75 languages, the current detector beside the one it replaced.

    python bench/prepare_languages.py --snapshot NLTK_DATA_GIT_DIR     # once: writes bench/corpora/udhr/
    python bench/languages_bench.py [--corpora bench/corpora]

The text is the Universal Declaration of Human Rights in each language (bench/SOURCES.md). Per language:

- lines: each line of the declaration (at least 20 characters), cut to 300 characters at a word;
- short: the opening of each line, about 40 characters (15 in Chinese and Japanese);
- mixed: a line in another language (English; French for English) followed by two lines of this language, which
  make at least two thirds of the text: the right answer is the majority's language, not the opening's;
- file names: four words of a line joined by underscores, with ".pdf": the right answer is no language;
- given: the line with a wrong language given (English; French for English): flagged when the detector overrules
  it; and with the right language given: wrongly overruled (should be 0).

Prints a table per language and, last, one JSON line. The baseline is `bench/baseline_languages.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import baseline_languages as baseline

from insight import languages as current

EU = [
    "bg",
    "hr",
    "cs",
    "da",
    "nl",
    "en",
    "et",
    "fi",
    "fr",
    "de",
    "el",
    "hu",
    "ga",
    "it",
    "lv",
    "lt",
    "mt",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "es",
    "sv",
]
UN = ["ar", "zh", "en", "fr", "ru", "es"]
CJK = {"zh", "ja"}


def cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", limit // 2, limit)
    return text[: space if space > 0 else limit]


def samples(corpora: Path) -> dict[str, dict[str, list]]:
    files = sorted((corpora / "udhr").glob("*.txt"))
    if not files:
        raise SystemExit(f"no corpus in {corpora / 'udhr'}: run bench/prepare_languages.py first (bench/SOURCES.md)")
    lines = {f.stem: f.read_text(encoding="utf-8").splitlines()[1:] for f in files}
    out: dict[str, dict[str, list]] = {}
    for code, ls in lines.items():
        other = lines["fr" if code == "en" else "en"]
        ls = [ln for ln in ls if len(ln) >= 20]
        s: dict[str, list] = {"lines": [cut(ln, 300) for ln in ls]}
        s["short"] = [cut(ln, 15 if code in CJK else 40) for ln in ls]
        mixed = []
        for i in range(0, len(ls) - 1, 2):
            body = cut(ls[i], 300) + " " + cut(ls[i + 1], 300)
            opening = cut(other[i % len(other)], max(20, len(body) // 2))
            mixed.append(opening + " " + body)
        s["mixed"] = mixed
        s["file names"] = ["_".join(ln.split()[:4]) + ".pdf" for ln in ls if len(ln.split()) >= 4]
        out[code] = s
    return out


def accuracy(detect, texts: list[str], expected: str | None) -> float:
    """Share of texts given the expected answer; NaN when a language has no such text (no spaces: no file names)."""
    if not texts:
        return float("nan")
    return sum(detect(t) == expected for t in texts) / len(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default=os.environ.get("BENCH_CORPORA", str(Path(__file__).parent / "corpora")))
    args = ap.parse_args()
    data = samples(Path(args.corpora))
    kinds = ("lines", "short", "mixed")
    rows = []
    res: dict[str, dict] = {}
    for code, s in sorted(data.items()):
        r = {}
        for name, det in (("baseline", baseline.detect_language), ("current", current.detect_language)):
            for k in kinds:
                r[f"{name} {k}"] = accuracy(det, s[k], code)
            r[f"{name} file names"] = accuracy(det, s["file names"], None)
        wrong = "fr" if code == "en" else "en"
        flagged = [current.resolve_language(t, wrong) == code for t in s["lines"]]
        kept = [current.resolve_language(t, code) == code for t in s["lines"]]
        r["contradiction flagged"] = sum(flagged) / len(flagged)
        r["right given overruled"] = 1 - sum(kept) / len(kept)
        res[code] = r
        rows.append((code, len(s["lines"]), r))

    # Speed on every line of every language, each detector on the same texts, warmed up first.
    texts = [t for s in data.values() for t in s["lines"]]
    speed = {}
    for name, det in (("baseline", baseline.detect_language), ("current", current.detect_language)):
        for t in texts[:: max(1, len(texts) // 200)]:
            det(t)
        t0 = time.perf_counter()
        for t in texts:
            det(t)
        speed[name] = len(texts) / (time.perf_counter() - t0)

    head = ["lang", "n"] + [f"{n[0]}:{k}" for n in ("baseline", "current") for k in (*kinds, "files")]
    head += ["flag", "overrule"]
    print("  ".join(f"{h:>10}" for h in head))
    for code, n, r in rows:
        vals = [r[f"{name} {k}"] for name in ("baseline", "current") for k in (*kinds, "file names")]
        vals += [r["contradiction flagged"], r["right given overruled"]]
        tag = code + ("*" if code in EU else "") + ("+" if code in UN else "")
        print("  ".join([f"{tag:>10}", f"{n:>10}"] + [f"{v:>10.3f}" if v == v else f"{'-':>10}" for v in vals]))
    print("(* EU language, + UN language; b: baseline, c: current; files: share of file names given no language)")

    def mean(codes: list[str], key: str) -> float:
        got = [res[c][key] for c in codes if c in res and res[c][key] == res[c][key]]  # NaN != NaN
        return sum(got) / max(1, len(got))

    summary: dict[str, object] = {
        "languages": len(res),
        "texts_per_language_kind": {k: len(data["en"][k]) for k in kinds},
    }
    for group, codes in (("eu24", EU), ("un6", UN), ("all", sorted(res))):
        for name in ("baseline", "current"):
            for k in (*kinds, "file names"):
                summary[f"{group}_{name}_{k.replace(' ', '_')}"] = round(mean(codes, f"{name} {k}"), 4)
    for name in ("baseline", "current"):
        summary[f"eu_languages_mostly_wrong_{name}"] = sorted(
            c for c in EU if c in res and res[c][f"{name} lines"] < 0.5
        )
    summary["contradiction_flagged_all"] = round(mean(sorted(res), "contradiction flagged"), 4)
    summary["right_given_overruled_all"] = round(mean(sorted(res), "right given overruled"), 4)
    summary["texts_per_s_baseline"] = round(speed["baseline"], 1)
    summary["texts_per_s_current"] = round(speed["current"], 1)
    summary["speed_ratio_current_over_baseline"] = round(speed["current"] / speed["baseline"], 2)
    for k in ("eu24", "un6", "all"):
        b, c = summary[f"{k}_baseline_lines"], summary[f"{k}_current_lines"]
        print(
            f"{k}: lines accuracy baseline {b:.3f}, current {c:.3f} (ratio {c / max(b, 1e-9):.2f}); "
            f"mixed baseline {summary[f'{k}_baseline_mixed']:.3f}, current {summary[f'{k}_current_mixed']:.3f}"
        )
    print(f"speed: baseline {speed['baseline']:,.0f} texts/s, current {speed['current']:,.0f} texts/s")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
