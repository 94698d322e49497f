"""What a file is (sniffed from its bytes, never from its name) and the text in it (read in a limited child process).

`sniff()` runs in the web request, on the first bytes and the zip directory only. `extract_text()` runs in the
task worker: it starts `extract_worker` with limits on memory, CPU time and file writes, and a wall-clock timeout.
"""

import json
import math
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TXT = "text/plain"
MARKDOWN = "text/markdown"
ACCEPTED_TYPES = {PDF: "PDF", DOCX: "DOCX", ODT: "ODT", TXT: "TXT", MARKDOWN: "Markdown"}
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", TXT: ".txt", MARKDOWN: ".md"}
ACCEPT_ATTRIBUTE = ".pdf,.docx,.odt,.txt,.md," + ",".join(ACCEPTED_TYPES)


@dataclass(frozen=True)
class Limits:
    seconds: float = 60
    memory_mb: int = 1024
    max_pages: int = 2000
    max_unzipped_mb: int = 100
    max_chars: int = 2_000_000


def limits() -> Limits:
    return Limits(**getattr(settings, "PLENARY_EXTRACTION_LIMITS", {}))


def sniff(upload, name: str = "") -> str | None:
    """The content type of an uploaded file from its bytes, or None when it is not one we accept.

    The name is used only to tell Markdown from plain text, which are the same bytes to a machine.
    """
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    if _looks_like_text(head):
        return MARKDOWN if name.lower().endswith((".md", ".markdown")) else TXT
    return None


def _sniff_zip(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 100
            if small and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


@dataclass
class Extracted:
    status: str
    text: str
    pages: int | None
    detail: str
    seconds: float
    peak_mb: float | None = None  # the child's peak memory, when it could say (not when a limit killed it)


def _limit_child(memory_mb: int, seconds: float):
    def apply() -> None:
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = max(1, math.ceil(seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def extract_text(path: str, content_type: str, *, limit: Limits | None = None) -> Extracted:
    """Run the extractor on one file in a child process. Never raises for a bad file: the status says what it was."""
    limit = limit or limits()
    command = [
        sys.executable,
        "-m",
        "plenary.consultations.extract_worker",
        path,
        content_type,
        str(limit.max_pages),
        str(limit.max_unzipped_mb * 1024 * 1024),
        str(limit.max_chars),
    ]
    started = time.monotonic()
    try:
        completed = subprocess.run(  # noqa: S603 (a fixed command; the path is our own storage path)
            command,
            capture_output=True,
            timeout=limit.seconds,
            preexec_fn=_limit_child(limit.memory_mb, limit.seconds),
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extracted("timeout", "", None, f"stopped after {limit.seconds} s", time.monotonic() - started)
    seconds = time.monotonic() - started
    if completed.returncode != 0:
        if completed.returncode in (-9, -24):  # SIGKILL, SIGXCPU: the CPU limit was reached
            return Extracted("timeout", "", None, "the CPU time limit was reached", seconds)
        stderr = completed.stderr.decode(errors="replace")
        if "MemoryError" in stderr:
            return Extracted("too-large", "", None, "the memory limit was reached", seconds)
        return Extracted("failed", "", None, f"the extractor stopped (exit {completed.returncode})", seconds)
    try:
        result = json.loads(completed.stdout)
    except ValueError:
        return Extracted("failed", "", None, "the extractor gave no answer", seconds)
    peak = result.get("peak_kb")
    return Extracted(
        result["status"],
        result["text"],
        result["pages"],
        result["detail"][:300],
        seconds,
        peak / 1024 if peak else None,
    )
