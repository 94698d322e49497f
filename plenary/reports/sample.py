"""The sample group's report: its edition (document symbol, date of adoption, foreword and executive summary, from
the public record), the report built from the sample data when the sample is loaded, and an illustrative
submission record. Built once: loading the sample again changes nothing and records nothing."""

import datetime as dt

from django.utils import timezone

from plenary.groups.sample import SAMPLE_DIR, SEED_SOURCE

from .models import BuildStatus, ReportBuild
from .services import report_build_request, report_build_run, report_edition_save, submission_record

# The symbol under which the WGIG's report went to the Preparatory Committee of the Tunis phase (the Château de
# Bossey print of June 2005 carries only its job number, 05.41622); the date is the last day of the closed
# sessions at Bossey, where the report was finalised.
SYMBOL = "WSIS-II/PC-3/DOC/5"
ADOPTED_ON = dt.date(2005, 6, 17)
ADOPTED_AT = "Château de Bossey, Céligny"
EDITION_SOURCE = (
    "Symbol: Document WSIS-II/PC-3/DOC/5-E, 3 August 2005, “Report from the Working Group on Internet Governance” "
    "(ITU, WSIS PrepCom-3 documents). Date and place: WGIG calendar, fourth meeting, 15-17 June 2005, closed "
    "sessions at the Château de Bossey, Céligny, “Report finalized” (WGIG Background Report, June 2005, para 3). "
    f"Foreword and executive summary: sentences quoted from the {SEED_SOURCE}."
)

# The paragraphs of the seed taken whole, found by their first words (so a changed seed fails here, loudly).
FOREWORD_FROM_SEED = [
    "The Working Group was established at the request",
    "The Working Group is not a negotiating body",
]
SUMMARY_FROM_SEED = [
    "The next phase of the Group’s work",
    "The Working Group has started examining",
    "Interested parties have been invited",
    "The final report of the Working Group is expected",
]
QUOTE_NOTE = (
    "Sample data: the paragraphs above are quoted from the United Nations press release of 13 April 2005; the "
    "report the Working Group adopted in June 2005 has no foreword of this kind."
)


def _seed_paragraphs() -> list[str]:
    text = (SAMPLE_DIR / "wgig-press-release-2005-04-14.txt").read_text(encoding="utf-8")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def seed_quotes(openings: list[str]) -> list[str]:
    paragraphs = _seed_paragraphs()
    quotes = []
    for opening in openings:
        found = [p for p in paragraphs if p.startswith(opening)]
        if len(found) != 1:
            raise LookupError(f"the seed has {len(found)} paragraphs opening with {opening!r}")
        quotes.append(found[0])
    return quotes


def load_edition(*, group, actor):
    return report_edition_save(
        actor=actor,
        group=group,
        symbol=SYMBOL,
        check_permission=False,
        title="Report of the Working Group on Internet Governance",
        adopted_on=ADOPTED_ON,
        adopted_at=ADOPTED_AT,
        foreword="\n\n".join([*seed_quotes(FOREWORD_FROM_SEED), QUOTE_NOTE]),
        executive_summary="\n\n".join(seed_quotes(SUMMARY_FROM_SEED)),
        source=EDITION_SOURCE,
    )


def load(*, group, actor, stdout=None) -> None:
    load_edition(group=group, actor=actor)
    if ReportBuild.objects.filter(group=group, status=BuildStatus.DONE).exists():
        return
    build = ReportBuild.objects.filter(group=group).order_by("-number").first()
    if build is None or build.status == BuildStatus.FAILED:
        build = report_build_request(actor=actor, group=group, check_permission=False, enqueue=False)
    build = report_build_run(build_id=build.pk)
    if build.status != BuildStatus.DONE:
        if stdout is not None:
            stdout.write(f"  report build failed: {build.error.splitlines()[-1] if build.error else ''}")
        return
    submission_record(
        actor=actor,
        build=build,
        submitted_to=group.report_to or group.parent_body,
        submitted_on=timezone.localdate(),
        note=(
            "Illustrative: a submission record made by the sample data to show the feature. It is not the "
            "Working Group's submission, and this build contains illustrative text."
        ),
        is_illustrative=True,
        check_permission=False,
    )
