"""Write the real multilingual text that `bench/languages_bench.py` reads: the Universal Declaration of Human Rights.

Source: the Unicode Consortium's UDHR translations as packaged by NLTK (`packages/corpora/udhr2.zip` in the
nltk/nltk_data repository; public domain per that package's index entry). See bench/SOURCES.md.

    python bench/prepare_languages.py --snapshot NLTK_DATA_GIT_DIR [--commit SHA] [--out bench/corpora/udhr]

Writes one `<iso-639-1>.txt` per language that the detectors are measured on (every language lingua knows that the
corpus has, plus Maltese), each holding the declaration's lines of at least 20 characters. Nothing else is kept.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import zipfile
from pathlib import Path

COMMIT = "5db857e6f7df11eabb5e5665836db9ec8df07e28"
MEMBER = "packages/corpora/udhr2.zip"
# The file (ISO 639-3 name, sometimes with a script or variety) chosen for each ISO 639-1 code.
FILES = {
    "af": "afr", "ar": "arb", "az": "azj_latn", "be": "bel", "bg": "bul", "bn": "ben", "bs": "bos_latn",
    "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu", "el": "ell_monotonic", "en": "eng",
    "eo": "epo", "es": "spa", "et": "est", "eu": "eus", "fa": "pes_1", "fi": "fin", "fr": "fra", "ga": "gle",
    "gu": "guj", "he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye", "id": "ind", "is": "isl",
    "it": "ita", "ja": "jpn", "ka": "kat", "kk": "kaz", "ko": "kor", "la": "lat", "lg": "lug", "lt": "lit",
    "lv": "lav", "mi": "mri", "mk": "mkd", "mn": "khk", "mr": "mar", "ms": "mly_latn", "mt": "mlt", "nb": "nob",
    "nl": "nld", "nn": "nno", "pa": "pan", "pl": "pol", "pt": "por_PT", "ro": "ron", "ru": "rus", "sk": "slk",
    "sl": "slv", "sn": "sna", "so": "som", "sq": "als", "sr": "srp_cyrl", "st": "sot", "sv": "swe", "sw": "swh",
    "ta": "tam", "th": "tha", "tl": "tgl", "tn": "tsn", "tr": "tur", "ts": "tso_MZ", "uk": "ukr",
    "ur": "urd", "vi": "vie", "xh": "xho", "yo": "yor", "zh": "cmn_hans", "zu": "zul",
}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snapshot", required=True, help="the nltk/nltk_data git directory (a bare clone is enough)")
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "corpora" / "udhr"))
    args = ap.parse_args()
    blob = subprocess.run(
        ["git", "--git-dir", args.snapshot, "show", f"{args.commit}:{MEMBER}"], check=True, capture_output=True
    ).stdout
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = {Path(n).stem: n for n in z.namelist() if n.endswith(".txt")}
        for code, stem in sorted(FILES.items()):
            text = z.read(names[stem]).decode("utf-8")
            lines = [" ".join(line.split()) for line in text.splitlines()]
            (out / f"{code}.txt").write_text("\n".join(ln for ln in lines if len(ln) >= 20) + "\n", encoding="utf-8")
    print(f"wrote {len(FILES)} languages to {out}")


if __name__ == "__main__":
    main()
