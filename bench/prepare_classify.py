"""Write the labelled real corpora that `bench/classify_bench.py` reads into bench/corpora/ (git-ignored).

The GDPR (Regulation (EU) 2016/679, consolidated text, Formex XML as published by the EU's Publications Office)
cut into blocks by its own structure: each paragraph of an article is one block, labelled by the chapter that
holds it. The taxonomy is made of the same document's headings only: one issue per chapter, its heading as title
and its section headings (where it has sections) as description, no keywords. Chapters I (general provisions),
X (delegated acts) and XI (final provisions) are left out: they are about the regulation itself, not a subject.

    python bench/prepare_classify.py --snapshot GDPR_XML_GIT_DIR [--languages en fr de]

GDPR_XML_GIT_DIR is a clone (bare is enough) of the repository named in bench/SOURCES.md; the files are read with
`git show COMMIT:PATH`, so the commit read is the one recorded there.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

from lxml import etree

COMMIT = "416aecf94a6a519aa5825a47911e7d5ab88c86e9"  # andersju/gdpr-xml, see bench/SOURCES.md
KEPT_CHAPTERS = ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
MIN_CHARS = 80  # a block shorter than this ("Paragraph 1 shall not apply.") says nothing on its own


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def blocks_of(xml: bytes) -> tuple[list[dict], list[dict]]:
    """(issues, blocks) of one language version."""
    root = etree.fromstring(xml)
    issues: list[dict] = []
    blocks: list[dict] = []
    for div in root.iter("DIVISION"):
        if div.getparent() is None or div.getparent().tag == "DIVISION":
            continue  # sections: read inside their chapter
        ti = div.find("TITLE/TI")
        sti = div.find("TITLE/STI")
        if ti is None or sti is None:
            continue
        number = _text(ti).split()[-1]
        if number not in KEPT_CHAPTERS:
            continue
        slug = f"chapter-{number.lower()}"
        sections = [_text(s) for s in div.findall("DIVISION/TITLE/STI")]
        issues.append({"slug": slug, "title": _text(sti), "description": "; ".join(sections), "keywords": []})
        for art in div.iter("ARTICLE"):
            art_no = re.sub(r"\D", "", art.get("IDENTIFIER", "")) or "0"
            parts = art.findall("PARAG") or [art]
            for k, part in enumerate(parts, 1):
                kids = [c for c in part if isinstance(c.tag, str) and c.tag not in ("TI.ART", "STI.ART", "NO.PARAG")]
                text = " ".join(_text(c) for c in kids)
                if len(text) >= MIN_CHARS:
                    blocks.append({"id": f"art{int(art_no)}.{k}", "text": text, "label": slug})
    return issues, blocks


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshot", required=True, help="git directory of the gdpr-xml repository")
    ap.add_argument("--languages", nargs="+", default=["en", "fr", "de"])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "corpora" / "gdpr"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for lang in args.languages:
        path = f"consolidated/gdpr-consolidated-{lang}.xml"
        xml = subprocess.run(
            ["git", "--git-dir", args.snapshot, "show", f"{COMMIT}:{path}"], check=True, capture_output=True
        ).stdout
        issues, blocks = blocks_of(xml)
        taxonomy = {
            "group": "gdpr",
            "name": f"GDPR chapters ({lang})",
            "clusters": [
                {"number": n, "slug": i["slug"], "title": i["title"], "description": "", "issues": [i]}
                for n, i in enumerate(issues, 1)
            ],
        }
        (out / f"taxonomy-{lang}.json").write_text(json.dumps(taxonomy, ensure_ascii=False, indent=1), "utf-8")
        with (out / f"blocks-{lang}.jsonl").open("w", encoding="utf-8") as f:
            for b in blocks:
                f.write(json.dumps({**b, "language": lang}, ensure_ascii=False) + "\n")
        counts = {i["slug"]: sum(b["label"] == i["slug"] for b in blocks) for i in issues}
        print(f"{lang}: {len(blocks)} blocks, {len(issues)} issues {counts}")


if __name__ == "__main__":
    main()
