"""The child process that reads text out of one file. It imports no Django and trusts nothing in the file.

Run as `python -m plenary.consultations.extract_worker PATH TYPE MAX_PAGES MAX_UNZIPPED MAX_CHARS`; prints one JSON
object {status, text, pages, detail}. The parent sets the limits on memory, CPU time and file writes, and kills it
when the wall-clock time runs out, so a hostile file can at worst end this process.

Reads: a file on disk. Writes: JSON on stdout.
"""

import json
import re
import sys
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT_TYPES = {"text/plain", "text/markdown"}
MAX_MEMBERS = 2000
MAX_RATIO = 200  # a deflated XML part rarely shrinks more than 20x; bombs shrink 1000x
ENTITY_MARKERS = re.compile(rb"<!(?:doctype|entity)", re.IGNORECASE)
XML_SUFFIXES = (".xml", ".rels", ".rdf")


class Refused(Exception):
    def __init__(self, status: str, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _is_xml(name: str, head: bytes) -> bool:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return name.lower().endswith(XML_SUFFIXES) or stripped.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _declares_entities(data: bytes) -> bool:
    """A DTD or an entity declaration, in UTF-8 or in UTF-16 (which hides the markers from a byte search)."""
    if ENTITY_MARKERS.search(data):
        return True
    if b"\x00" not in data[:200]:
        return False
    return any(
        ENTITY_MARKERS.search(data.decode(encoding, errors="ignore").encode("utf-8"))
        for encoding in ("utf-16-le", "utf-16-be")
    )


def _zip_check(path: str, max_unzipped: int, parts: list[str]) -> dict[str, bytes]:
    """Check the archive's declared sizes before inflating anything, then read every part (bounded): any XML part
    with a DTD is refused, whichever part it is (the parsers read settings, styles, manifests and headers too, not
    only the body), and the named parts are returned."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
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
        budget = max_unzipped
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as handle:
                    # Never trust the declared sizes: read at most what is left of the limit, plus one byte.
                    data = handle.read(budget + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
                # A bad CRC, a lying size, an unknown compression method, a password-protected part.
                raise Refused("malformed", f"part {info.filename!r} could not be read: {exc}") from None
            budget -= len(data)
            if budget < 0:
                raise Refused("hostile", f"part {info.filename!r} unpacks beyond the declared sizes")
            if _is_xml(info.filename, data[:64]) and _declares_entities(data):
                raise Refused("hostile", f"part {info.filename!r} declares a DTD or entities")
            if info.filename in parts:
                found[info.filename] = data
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
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:  # a page tree that loops or points nowhere
                raise Refused("malformed", f"page {index + 1} could not be read: {exc}") from None
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
    except RecursionError:
        return {"status": "hostile", "text": "", "pages": None, "detail": "the file nests too deeply"}
    except Exception as exc:  # any other surprise (in a parser, or a library that cannot load) is said as a status
        return {"status": "failed", "text": "", "pages": None, "detail": f"the extractor stopped: {type(exc).__name__}"}
    if result["status"] == "done" and not result["text"].strip():
        result["status"] = "empty"
    return result


def peak_kb() -> int:
    """This process's own memory high-water mark, in KiB.

    On Linux, getrusage's ru_maxrss survives exec: a child reports at least the RSS its parent had when it forked
    (a test worker's 500 MB, for a child that used 60). VmHWM belongs to the process's own address space.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    path, content_type, max_pages, max_unzipped, max_chars = argv[1:6]
    result = extract(path, content_type, int(max_pages), int(max_unzipped), int(max_chars))
    result["peak_kb"] = peak_kb()
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
