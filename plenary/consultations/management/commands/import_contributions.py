"""Bring a consultation run elsewhere into a call: CSV, XLSX or JSON Lines in the shape of public exports.

    manage.py import_contributions wgig open-call export.csv --map id=ReferenceId --map text=Feedback \
        --map country=Country --map submitter_name=Name --map organisation=Organisation [--skip-bad]

The file is read and checked whole before anything is written (the analysis engine's reader, so the CLI and this
command refuse the same lines with the same messages); a refused file writes nothing, and with --skip-bad the bad
lines are left out and listed with their line numbers. Importing the same file again stores nothing twice (each
row's id is kept as its external reference). Attachments named in the file (relative to it) come too.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plenary.consultations.models import Call, ContributionKind, ContributionStatus, OnBehalfOf
from plenary.consultations.services import attachments_check, contributions_import
from plenary.groups.models import StakeholderGroup

# Columns of the submitter's profile, which the analysis engine's records do not carry.
PROFILE = ("submitter_name", "submitter_email", "organisation", "on_behalf_of", "publish_name", "kind")
TRUE = {"1", "true", "yes", "y", "oui", "sí", "si", "да", "是", "نعم"}


class Command(BaseCommand):
    help = "Import contributions of a consultation run elsewhere into a call (CSV, XLSX, JSON Lines), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("group")
        parser.add_argument("call")
        parser.add_argument("file")
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
        parser.add_argument("--mapping", metavar="FILE", help="a JSON file of field: column")
        parser.add_argument("--skip-bad", action="store_true", help="leave bad lines out (listed) instead of refusing")
        parser.add_argument("--status", choices=["published", "received"], default="published")
        parser.add_argument("--encoding", default="utf-8")
        parser.add_argument("--delimiter")
        parser.add_argument("--sheet")
        parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")

    def handle(self, *args, **options):
        from insight.ingest import ColumnMapping, InputError, MappingError, RecordReader
        from insight.questionnaire import questions_from_dicts

        call = Call.objects.filter(group__slug=options["group"], slug=options["call"]).select_related("group").first()
        if call is None:
            raise CommandError(f"No call {options['call']!r} in group {options['group']!r}.")
        profile_columns, engine_pairs = {}, []
        for pair in options["map"]:
            name, _sep, column = pair.partition("=")
            (engine_pairs.append(pair) if name.strip() not in PROFILE else profile_columns.update({name: column}))
        try:
            mapping = ColumnMapping.parse(engine_pairs, options["mapping"])
        except MappingError as error:
            raise CommandError(str(error)) from error
        questions = questions_from_dicts(
            [{"id": q.key, "kind": q.kind, "label": q.label, "choices": q.choices} for q in call.questions.all()]
        )
        reader = RecordReader(
            options["file"],
            mapping,
            skip_bad=options["skip_bad"],
            questions=questions,
            encoding=options["encoding"],
            delimiter=options["delimiter"],
            sheet=options["sheet"],
        )
        try:
            report = reader.validate()
        except InputError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            if error.total > len(error.problems):
                self.stderr.write(f"... and {error.total - len(error.problems)} more problems.")
            raise CommandError(f"Refused: nothing was imported ({error.total} problems).") from error
        rows, files = self._rows(reader, call, profile_columns, Path(options["file"]).resolve().parent)
        stored = []
        if not options["dry_run"]:
            try:
                with transaction.atomic():
                    stored = contributions_import(
                        actor=None, call=call, rows=rows, status=ContributionStatus(options["status"])
                    )
                    self._attach(call, stored, files)
            except (ValidationError, PermissionDenied) as error:
                raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        for problem in report.problems:
            self.stdout.write(f"skipped {problem}")
        self.stdout.write(
            f"{report.rows} rows read, {report.accepted} accepted, {report.rows - report.accepted} skipped; "
            f"{len(stored)} contributions imported into {call.group.slug}/{call.slug}"
            f"{' (dry run: nothing written)' if options['dry_run'] else ''}; "
            f"{report.accepted - len(rows)} rows were already there."
        )

    def _rows(self, reader, call, profile_columns: dict, base: Path) -> tuple[list[dict], dict[str, list[Path]]]:
        from insight.countries import resolve_country

        known = set(call.contributions.exclude(external_reference="").values_list("external_reference", flat=True))
        sectors = {s.slug: s for s in StakeholderGroup.objects.all()} | {
            s.name.casefold(): s for s in StakeholderGroup.objects.all()
        }
        rows, files = [], {}
        for _line, raw, record in reader.accepted_rows():
            if record.id in known:
                continue
            value = {name: str(raw.get(column) or "").strip() for name, column in profile_columns.items()}
            kind = value.get("kind") or ContributionKind.CONTRIBUTION
            behalf = value.get("on_behalf_of", "").casefold()
            country = resolve_country(record.country).code or ""
            rows.append(
                {
                    "external_reference": record.id,
                    "title": record.title or (record.text or "")[:80] or record.id,
                    "text": record.text or "",
                    "answers": record.answers or {},
                    "submitted_at": _when(record.submitted_at),
                    "language": record.language or "",
                    "submitter_name": value.get("submitter_name") or "",
                    "submitter_email": value.get("submitter_email") or "imported@invalid",
                    "organisation": value.get("organisation", ""),
                    "on_behalf_of": OnBehalfOf.ORGANISATION if behalf.startswith("org") else OnBehalfOf.SELF,
                    "publish_name": value.get("publish_name", "").casefold() in TRUE,
                    "stakeholder_group": sectors.get((record.stakeholder_group or "").casefold()),
                    "country": country if len(country) == 2 else "",
                    "kind": kind if kind in ContributionKind.values else ContributionKind.CONTRIBUTION,
                }
            )
            files[record.id] = [base / name for name in record.attachments or []]
        return rows, files

    def _attach(self, call, stored, files: dict[str, list[Path]]) -> None:
        from plenary.consultations.services import attachment_store

        for contribution in stored:
            uploads = []
            for path in files.get(contribution.external_reference, []):
                if not path.is_file():
                    self.stderr.write(f"{contribution.external_reference}: no file {path.name}; imported without it")
                    continue
                uploads.append(SimpleUploadedFile(path.name, path.read_bytes()))
            if not uploads:
                continue
            try:
                checked = attachments_check(call=call, files=uploads)
            except ValidationError as error:
                self.stderr.write(f"{contribution.external_reference}: {' '.join(error.messages)}; files left out")
                continue
            for item in checked:
                attachment_store(contribution=contribution, checked=item)


def _when(value: str | None):
    import datetime as dt

    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
