"""Write a real consultation export with closed questions from a Polis open-data conversation.

Source: the Computational Democracy Project's open data (`compdemocracy/openData`, CC BY 4.0; see bench/SOURCES.md).
A Polis conversation asks every participant to vote agree / disagree / pass on short statements (closed
questions) and lets them write statements of their own (free text). This script writes one record per participant
in the shape of a consultation export that joins the free text with the labels of the closed answers, as many
portals do:

    <the participant's own statements, one per line>
    <statement text> — Agree           (one line per closed answer, for the QUESTIONS most-voted statements)

    python bench/prepare_polis.py --snapshot OPENDATA_GIT_DIR [--conversation NAME] [--out bench/corpora/polis]

Writes `<conversation>.jsonl` (id, text, submitted_at) and `<conversation>.own.jsonl` (the participant's own words
alone, for the manual count). Nothing is committed: bench/corpora/ is git-ignored.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import subprocess
from pathlib import Path

COMMIT = "0bc2ce0f32c673f68da20b57bce15c457aa787b5"
CONVERSATION = "american-assembly.bowling-green"
QUESTIONS = 12
VOTE = {"1": "Agree", "-1": "Disagree", "0": "Pass"}


def _show(snapshot: str, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", snapshot, "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout.decode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snapshot", required=True, help="the compdemocracy/openData git directory (bare is enough)")
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--conversation", default=CONVERSATION)
    ap.add_argument("--questions", type=int, default=QUESTIONS, help="closed answers written per record")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "corpora" / "polis"))
    args = ap.parse_args()
    conv = args.conversation
    comments = list(csv.DictReader(io.StringIO(_show(args.snapshot, args.commit, f"{conv}/comments.csv"))))
    votes = list(csv.DictReader(io.StringIO(_show(args.snapshot, args.commit, f"{conv}/participants-votes.csv"))))
    text_of = {c["comment-id"]: " ".join(c["comment-body"].split()) for c in comments}
    # The closed questions: the statements most participants voted on (the facilitator's seed statements first).
    counts = {cid: sum(1 for v in votes if v.get(cid, "") != "") for cid in text_of}
    asked = sorted(text_of, key=lambda c: (-counts[c], int(c)))[: args.questions]
    own: dict[str, list[tuple[int, str]]] = {}
    for c in comments:
        own.setdefault(c["author-id"], []).append((int(c["timestamp"]), text_of[c["comment-id"]]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (
        (out / f"{conv}.jsonl").open("w", encoding="utf-8") as f,
        (out / f"{conv}.own.jsonl").open("w", encoding="utf-8") as g,
    ):
        for v in votes:
            pid = v["participant"]
            mine = sorted(own.get(pid, []))
            lines = [t for _, t in mine]
            lines += [f"{text_of[c]} — {VOTE[v[c]]}" for c in asked if v.get(c, "") in VOTE]
            if not lines:
                continue
            when = dt.datetime.fromtimestamp(mine[0][0] / 1000, dt.UTC).date().isoformat() if mine else None
            f.write(json.dumps({"id": f"P{pid}", "text": "\n".join(lines), "submitted_at": when}) + "\n")
            g.write(json.dumps({"id": f"P{pid}", "own": "\n".join(t for _, t in mine)}) + "\n")
            n += 1
    print(f"wrote {n} records ({sum(1 for v in votes if own.get(v['participant']))} with free text) to {out}")


if __name__ == "__main__":
    main()
