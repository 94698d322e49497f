"""manage.py import_contributions: a consultation run elsewhere comes into a call, checked whole before anything is
written, once however often it is run, with every refusal named by its line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from plenary.consultations.models import Contribution
from plenary.consultations.services import call_questions_set
from plenary.consultations.tests.factories import make_call

HEADER = "ReferenceId,Feedback,Country,Name,Organisation,Q1,Annex\n"
ROWS = [
    "r1,Spam floods our inboxes every day.,Kenya,Ada,,yes,\n",
    "r2,Leased lines cost developing countries too much.,FR,,Sahel Net,no,annex.txt\n",
    "r3,Multilingual domain names for everyone.,Allemagne,Ben,,yes,\n",
]
MAPPING = [
    "--map", "id=ReferenceId", "--map", "text=Feedback", "--map", "country=Country",
    "--map", "submitter_name=Name", "--map", "organisation=Organisation", "--map", "answer:oversight=Q1",
    "--map", "attachments=Annex",
]  # fmt: skip


@pytest.fixture
def call(group):
    call = make_call(group)
    call_questions_set(
        actor=None,
        call=call,
        questions=[
            {"key": "oversight", "kind": "single", "label": "Shared?", "choices": [{"id": "yes"}, {"id": "no"}]}
        ],
    )
    return call


def _run(group, call, path, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_contributions", group.slug, call.slug, str(path), *MAPPING, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_export_comes_in_once_with_its_answers_countries_and_files(tmp_path, group, call):
    (tmp_path / "annex.txt").write_text("Annex about leased lines.")
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    out, _err = _run(group, call, path)
    assert "3 accepted" in out and "3 contributions imported" in out
    stored = {c.external_reference: c for c in Contribution.objects.all()}
    assert stored["r1"].answers == {"oversight": "yes"} and stored["r1"].country == "KE"
    assert stored["r3"].country == "DE"  # a name in French, resolved by the engine's reader
    assert stored["r2"].organisation == "Sahel Net" and stored["r2"].attachments.get().original_name == "annex.txt"
    out, _err = _run(group, call, path)
    assert "0 contributions imported" in out and Contribution.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER.replace("Feedback", "Comments") + ROWS[0], "no column 'Feedback' for the text"),
        (HEADER + ROWS[0] + ROWS[0], "already used on line 2"),
        (HEADER + ROWS[0].replace("yes", "maybe"), "maybe"),
        (HEADER + ",No id here.,KE,,,yes,\n", "id"),
    ],
)
def test_a_bad_file_is_refused_whole_with_the_line_named(tmp_path, group, call, content, message):
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        _run(group, call, path)
    assert not Contribution.objects.exists()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_contributions", group.slug, call.slug, str(path), *MAPPING, stderr=err, stdout=io.StringIO()
        )
    assert message in err.getvalue()


def test_a_bad_byte_is_named_by_its_line_and_skip_bad_goes_on(tmp_path, group, call):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + ROWS[0]).encode() + b"r9,Caf\xe9 text,KE,,,yes,\n" + ROWS[2].encode())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_contributions", group.slug, call.slug, str(path), *MAPPING, stderr=err, stdout=io.StringIO()
        )
    assert "line 3" in err.getvalue() and not Contribution.objects.exists()
    out, _err = _run(group, call, path, "--skip-bad")
    assert "skipped line 3" in out and Contribution.objects.count() == 2


def test_json_lines_and_a_dry_run(tmp_path, group, call):
    path = tmp_path / "export.jsonl"
    lines = [{"ReferenceId": f"j{n}", "Feedback": f"Text {n} on spam.", "Country": "BR", "Q1": "no"} for n in range(3)]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    out, _err = _run(group, call, path, "--dry-run")
    assert "3 accepted" in out and "dry run" in out and not Contribution.objects.exists()
    _run(group, call, path, "--status", "received")
    assert Contribution.objects.filter(status="received").count() == 3


def test_an_unknown_group_or_call_is_a_clear_error(tmp_path, group, call):
    with pytest.raises(CommandError, match="No call"):
        call_command("import_contributions", group.slug, "nope", str(tmp_path / "x.csv"), stdout=io.StringIO())
