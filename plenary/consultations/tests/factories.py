"""Builders for calls, contributions and test files (real PDF, DOCX, ODT bytes; hostile ones too)."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plenary.consultations.models import Call, ContributionKind
from plenary.consultations.services import call_save, contribution_submit


def make_call(group, slug="open", *, state="open", **values) -> Call:
    now = timezone.now()
    opens, closes = {
        "open": (now - dt.timedelta(days=1), now + dt.timedelta(days=30)),
        "closed": (now - dt.timedelta(days=30), now - dt.timedelta(days=1)),
        "upcoming": (now + dt.timedelta(days=1), now + dt.timedelta(days=30)),
    }[state]
    defaults = {
        "title": f"Call {slug}",
        "instructions": "Send your views.",
        "opens_at": opens,
        "closes_at": closes,
        "kinds": [ContributionKind.PAPER, ContributionKind.COMMENT, ContributionKind.CONTRIBUTION],
    }
    defaults.update(values)
    return call_save(actor=None, group=group, slug=slug, **defaults)


PROFILE = {
    "submitter_name": "Ada Private-Name",
    "submitter_email": "ada.secret@example.org",
    "organisation": "",
    "on_behalf_of": "self",
    "country": "KE",
    "publish_name": False,
}


def submit(call, *, title="A contribution", text="Some text about access.", files=None, profile=None, **kw):
    return contribution_submit(
        actor=None,
        call=call,
        profile={**PROFILE, **(profile or {})},
        kind=kw.pop("kind", ContributionKind.CONTRIBUTION),
        title=title,
        text=text,
        files=files or [],
        **kw,
    )


def pdf_bytes(text: str, *, pages: int = 1) -> bytes:
    """A small valid PDF whose pages show `text` in Helvetica (so pdfium can read it back)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for _ in range(pages):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content_id = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    return _pdf_assemble(objects)


def _pdf_assemble(objects: list[str], trailer_extra: str = "") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    """A PDF under the standard security handler with a user password nobody knows."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Filter /Standard /V 1 /R 2 /O <" + "ab" * 32 + "> /U <" + "cd" * 32 + "> /P -4 >>",
    ]
    return _pdf_assemble(
        objects,
        trailer_extra="/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ",
    )


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(megabytes: int = 30) -> bytes:
    """A DOCX-shaped archive whose document.xml inflates from a few KB to `megabytes` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (megabytes * 1024 * 1024) + b"</w:document>")
    return out.getvalue()


def entity_bomb_docx() -> bytes:
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    body = f'<?xml version="1.0"?>{lol}]><w:document>&lol9;</w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
