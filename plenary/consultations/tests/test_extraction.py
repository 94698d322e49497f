"""Files are what their bytes say; text comes out under hard limits; hostile files end as a status, never a crash."""

import pytest

from plenary.consultations.extraction import DOCX, MARKDOWN, ODT, PDF, TXT, Limits, extract_text, sniff
from plenary.consultations.tests.factories import (
    docx_bytes,
    encrypted_pdf_bytes,
    entity_bomb_docx,
    odt_bytes,
    pdf_bytes,
    upload,
    zip_bomb_docx,
)


def _file(tmp_path, content: bytes):
    path = tmp_path / "f"
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("paper.txt", pdf_bytes("x"), PDF),  # the name lies; the bytes win
        ("paper.pdf", docx_bytes("x"), DOCX),
        ("paper.odt", odt_bytes("x"), ODT),
        ("notes.md", b"# Title\n\nText", MARKDOWN),
        ("notes.pdf", "Texte accentué".encode(), TXT),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, None),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00", None),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 50, None),
    ],
)
def test_type_is_sniffed_from_the_bytes(name, content, expected):
    assert sniff(upload(name, content), name) == expected


def test_pdf_text_and_pages(tmp_path):
    result = extract_text(_file(tmp_path, pdf_bytes("Quokka governance", pages=3)), PDF)
    assert result.status == "done"
    assert result.pages == 3
    assert "Quokka governance" in result.text


@pytest.mark.parametrize(("maker", "content_type"), [(docx_bytes, DOCX), (odt_bytes, ODT)])
def test_office_text(tmp_path, maker, content_type):
    result = extract_text(_file(tmp_path, maker("Le wombat multilingue")), content_type)
    assert result.status == "done", result.detail
    assert "Le wombat multilingue" in result.text


def test_page_limit_keeps_the_first_pages(tmp_path):
    result = extract_text(_file(tmp_path, pdf_bytes("page", pages=5)), PDF, limit=Limits(max_pages=2))
    assert result.status == "too-large"
    assert result.text.count("page") == 2


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"%PDF-1.4\nthis is not a pdf at all", PDF, "malformed"),
        (encrypted_pdf_bytes(), PDF, "encrypted"),
        (zip_bomb_docx(30), DOCX, "too-large"),
        (entity_bomb_docx(), DOCX, "hostile"),
        (b"PK\x03\x04broken", DOCX, "malformed"),
        (b"PK\x03\x04broken", ODT, "malformed"),
    ],
)
def test_hostile_or_broken_files_end_as_a_status(tmp_path, content, content_type, status):
    result = extract_text(_file(tmp_path, content), content_type, limit=Limits(max_unzipped_mb=10))
    assert result.status == status, result.detail
    assert result.text == ""


def test_a_high_ratio_part_is_refused_as_hostile(tmp_path):
    result = extract_text(_file(tmp_path, zip_bomb_docx(5)), DOCX, limit=Limits(max_unzipped_mb=50))
    assert result.status == "hostile"


def test_a_slow_extraction_is_stopped(tmp_path):
    result = extract_text(_file(tmp_path, pdf_bytes("slow")), PDF, limit=Limits(seconds=0.01))
    assert result.status == "timeout"


def test_memory_limit_ends_the_child_not_the_worker(tmp_path):
    result = extract_text(_file(tmp_path, pdf_bytes("big")), PDF, limit=Limits(memory_mb=20))
    assert result.status in {"too-large", "failed"}
