"""Write the second labelled real corpus that `bench/classify_bench.py` reads into bench/corpora/sdg (git-ignored).

The SDG Classification Benchmark (bench/SOURCES.md): excerpts of public reports taken from the OSDG Community
Dataset, each checked by a team of human experts against one Sustainable Development Goal ("True" when the text
addresses it). The texts checked True are kept, each labelled by its goal: 17 goals, 616 texts of two or three
sentences, in English, none True for two goals. The taxonomy is the goals themselves, as the United Nations wrote
them (General Assembly resolution A/RES/70/1, "Transforming our world: the 2030 Agenda for Sustainable
Development", 2015): the goal's short name as title, its statement as description, no keywords.

    python bench/prepare_sdg.py --snapshot SDG_BENCHMARK_GIT_DIR

SDG_BENCHMARK_GIT_DIR is a clone (bare is enough) of the repository named in bench/SOURCES.md; the file is read with
`git show COMMIT:benchmark.csv`, so the commit read is the one recorded there.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
from collections import Counter
from pathlib import Path

COMMIT = "d2037e083a889b560154af1723cec30e7e6c7960"  # SDGClassification/benchmark, see bench/SOURCES.md

# The 17 goals of A/RES/70/1 (paragraph 59): the short names the UN uses for them and their statements.
GOALS = {
    1: ("No poverty", "End poverty in all its forms everywhere"),
    2: (
        "Zero hunger",
        "End hunger, achieve food security and improved nutrition and promote sustainable agriculture",
    ),
    3: ("Good health and well-being", "Ensure healthy lives and promote well-being for all at all ages"),
    4: (
        "Quality education",
        "Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all",
    ),
    5: ("Gender equality", "Achieve gender equality and empower all women and girls"),
    6: ("Clean water and sanitation", "Ensure availability and sustainable management of water and sanitation for all"),
    7: ("Affordable and clean energy", "Ensure access to affordable, reliable, sustainable and modern energy for all"),
    8: (
        "Decent work and economic growth",
        "Promote sustained, inclusive and sustainable economic growth, full and productive employment and decent "
        "work for all",
    ),
    9: (
        "Industry, innovation and infrastructure",
        "Build resilient infrastructure, promote inclusive and sustainable industrialization and foster innovation",
    ),
    10: ("Reduced inequalities", "Reduce inequality within and among countries"),
    11: (
        "Sustainable cities and communities",
        "Make cities and human settlements inclusive, safe, resilient and sustainable",
    ),
    12: ("Responsible consumption and production", "Ensure sustainable consumption and production patterns"),
    13: ("Climate action", "Take urgent action to combat climate change and its impacts"),
    14: (
        "Life below water",
        "Conserve and sustainably use the oceans, seas and marine resources for sustainable development",
    ),
    15: (
        "Life on land",
        "Protect, restore and promote sustainable use of terrestrial ecosystems, sustainably manage forests, combat "
        "desertification, and halt and reverse land degradation and halt biodiversity loss",
    ),
    16: (
        "Peace, justice and strong institutions",
        "Promote peaceful and inclusive societies for sustainable development, provide access to justice for all "
        "and build effective, accountable and inclusive institutions at all levels",
    ),
    17: (
        "Partnerships for the goals",
        "Strengthen the means of implementation and revitalize the Global Partnership for Sustainable Development",
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshot", required=True, help="git directory of the SDG benchmark repository")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "corpora" / "sdg"))
    args = ap.parse_args()
    data = subprocess.run(
        ["git", "--git-dir", args.snapshot, "show", f"{COMMIT}:benchmark.csv"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    blocks: list[dict] = []
    seen: set[str] = set()
    for row in csv.DictReader(io.StringIO(data)):
        if row["label"] != "True":
            continue
        if row["id"] in seen:
            raise SystemExit(f"text {row['id']} is True for two goals: the corpus is no longer single-label")
        seen.add(row["id"])
        text = " ".join(row["text"].split())
        blocks.append({"id": row["id"], "text": text, "label": f"sdg-{int(row['sdg'])}", "language": "en"})
    taxonomy = {
        "group": "sdg",
        "name": "Sustainable Development Goals (en)",
        "clusters": [
            {
                "number": n,
                "slug": f"sdg-{n}",
                "title": title,
                "description": "",
                "issues": [{"slug": f"sdg-{n}", "title": title, "description": statement, "keywords": []}],
            }
            for n, (title, statement) in GOALS.items()
        ],
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "taxonomy-en.json").write_text(json.dumps(taxonomy, ensure_ascii=False, indent=1), "utf-8")
    with (out / "blocks-en.jsonl").open("w", encoding="utf-8") as f:
        for b in blocks:
            f.write(json.dumps(b, ensure_ascii=False) + "\n")
    counts = Counter(b["label"] for b in blocks)
    print(f"en: {len(blocks)} texts, {len(counts)} goals {dict(sorted(counts.items(), key=lambda kv: int(kv[0][4:])))}")


if __name__ == "__main__":
    main()
