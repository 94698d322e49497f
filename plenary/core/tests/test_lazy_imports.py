"""A web worker that has read every URL has not imported the heavy libraries only some requests need (charts,
the analysis engine, Word reports): each costs every worker memory it never gives back."""

import json
import os
import subprocess
import sys
from pathlib import Path

from plenary.core.lazy import lazy_module

HEAVY = ["altair", "vl_convert", "insight", "numpy", "docx", "jsonschema", "narwhals"]
ROOT = Path(__file__).resolve().parents[3]


def test_reading_every_url_imports_none_of_the_heavy_libraries():
    script = (
        "import json, sys, django; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "-c", script]  # our own interpreter and script
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_a_lazy_module_imports_on_first_use():
    colorsys = lazy_module("colorsys")
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
