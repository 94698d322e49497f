"""The child process that reads text out of one file. It imports no Django and trusts nothing in the file.

Run as `python -m plenary.consultations.extract_worker PATH TYPE MAX_PAGES MAX_UNZIPPED MAX_CHARS`; prints one JSON
object {status, text, pages, detail}. The parent sets the limits on memory, CPU time and file writes, and kills it
when the wall-clock time runs out, so a hostile file can at worst end this process.

Reads: a file on disk. Writes: JSON on stdout.
"""

import json
import sys
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT_TYPES = {"text/plain", "text/markdown"}
MAX_MEMBERS = 2000
MAX_RATIO = 200  # a deflated XML part rarely shrinks more than 20x; bombs shrink 1000x
ENTITY_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


class Refused(Exception):
    def __init__(self, status: str, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _zip_check(path: str, max_unzipped: int, parts: list[str]) -> dict[str, bytes]:
    """Check the archive's declared sizes before inflating anything, then read the named XML parts (bounded)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused("malformed", f"not a readable archive: {exc}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused("hostile", f"the archive holds {len(infos)} parts")
        total = sum(info.file_size for info in infos)
        if total > max_unzipped:
            raise Refused("too-large", f"the archive unpacks to {total} bytes (limit {max_unzipped})")
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
                raise Refused("hostile", f"part {info.filename!r} inflates {info.file_size // info.compress_size}x")
        found = {}
        for name in parts:
            try:
                info = archive.getinfo(name)
            except KeyError:
                continue
            with archive.open(info) as handle:
                # Never trust the declared size: read at most the limit plus one byte.
                data = handle.read(max_unzipped + 1)
            if len(data) > max_unzipped:
                raise Refused("hostile", f"part {name!r} unpacks beyond its declared size")
            if any(marker in data for marker in ENTITY_MARKERS):
                raise Refused("hostile", f"part {name!r} declares a DTD or entities")
            found[name] = data
        return found


def _pdf(path: str, max_pages: int, max_chars: int) -> dict:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise Refused("encrypted", "the PDF is protected by a password") from None
        raise Refused("malformed", f"the PDF could not be opened: {message}") from None
    try:
        pages = len(pdf)
        texts, length = [], 0
        for index in range(min(pages, max_pages)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            texts.append(text)
            length += len(text)
            if length > max_chars:
                break
        text = "\n\n".join(texts)[:max_chars]
    finally:
        pdf.close()
    status, detail = "done", ""
    if pages > max_pages:
        status, detail = "too-large", f"{pages} pages; text of the first {max_pages} kept"
    return {"status": status, "text": text, "pages": pages, "detail": detail}


def _docx(path: str, max_unzipped: int, max_chars: int) -> dict:
    _zip_check(path, max_unzipped, ["word/document.xml", "[Content_Types].xml"])
    import docx

    try:
        document = docx.Document(path)
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise Refused("malformed", f"the document could not be read: {type(exc).__name__}") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text for cell in row.cells))
    return {"status": "done", "text": "\n".join(paragraphs)[:max_chars], "pages": None, "detail": ""}


def _odt(path: str, max_unzipped: int, max_chars: int) -> dict:
    parts = _zip_check(path, max_unzipped, ["content.xml", "styles.xml", "meta.xml", "mimetype"])
    if "content.xml" not in parts:
        raise Refused("malformed", "the document has no content.xml")
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    try:
        document = load(path)
    except Exception as exc:  # odfpy raises many kinds on a broken package
        raise Refused("malformed", f"the document could not be read: {type(exc).__name__}") from None
    paragraphs = [teletype.extractText(node) for node in document.getElementsByType(H) + document.getElementsByType(P)]
    return {"status": "done", "text": "\n".join(paragraphs)[:max_chars], "pages": None, "detail": ""}


def _text(path: str, max_chars: int) -> dict:
    with open(path, "rb") as handle:
        data = handle.read(max_chars * 4)
    return {"status": "done", "text": data.decode("utf-8", errors="replace")[:max_chars], "pages": None, "detail": ""}


def extract(path: str, content_type: str, max_pages: int, max_unzipped: int, max_chars: int) -> dict:
    try:
        if content_type == PDF:
            result = _pdf(path, max_pages, max_chars)
        elif content_type == DOCX:
            result = _docx(path, max_unzipped, max_chars)
        elif content_type == ODT:
            result = _odt(path, max_unzipped, max_chars)
        elif content_type in TEXT_TYPES:
            result = _text(path, max_chars)
        else:
            raise Refused("failed", f"no extractor for {content_type}")
    except Refused as refused:
        return {"status": refused.status, "text": "", "pages": None, "detail": refused.detail}
    except MemoryError:
        return {"status": "too-large", "text": "", "pages": None, "detail": "the memory limit was reached"}
    if result["status"] == "done" and not result["text"].strip():
        result["status"] = "empty"
    return result


def main(argv: list[str]) -> int:
    path, content_type, max_pages, max_unzipped, max_chars = argv[1:6]
    result = extract(path, content_type, int(max_pages), int(max_unzipped), int(max_chars))
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
