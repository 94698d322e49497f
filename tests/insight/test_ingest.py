"""Reading exports through a mapping: every refusal, with its line and its message (no analysis runs here)."""

import json

import openpyxl
import pytest

from insight.ingest import ColumnMapping, InputError, MappingError, RecordReader
from insight.questionnaire import questions_from_dicts

HEADER = "ReferenceId;Feedback;Country;UserType\n"


def _csv(tmp_path, body: str | bytes, header: str = HEADER, name: str = "export.csv"):
    p = tmp_path / name
    data = header.encode() + (body if isinstance(body, bytes) else body.encode())
    p.write_bytes(data)
    return p


MAP = ColumnMapping.parse(["id=ReferenceId", "text=Feedback", "country=Country", "stakeholder_group=UserType"])


def _all(reader):
    return [r for chunk in reader.chunks() for r in chunk]


def _refusal(reader) -> InputError:
    with pytest.raises(InputError) as e:
        _all(reader)
    return e.value


def test_mapped_csv_with_semicolons_quoted_newlines_and_a_bom(tmp_path):
    p = tmp_path / "export.csv"
    p.write_text(
        "\ufeff" + HEADER + '1;"First line\nsecond line";Germany;NGO\n2;Plain text;DE;Company\n', encoding="utf-8"
    )
    recs = _all(RecordReader(p, MAP))
    assert [(r.id, r.text, r.country, r.stakeholder_group) for r in recs] == [
        ("1", "First line\nsecond line", "Germany", "NGO"),
        ("2", "Plain text", "DE", "Company"),
    ]


def test_missing_text_column_is_refused_before_reading_with_the_columns_named(tmp_path):
    p = _csv(tmp_path, "1;hello;DE;NGO\n")
    with pytest.raises(InputError) as e:
        RecordReader(p, ColumnMapping.parse(["id=ReferenceId"])).check()
    (problem,) = e.value.problems
    assert problem.code == "missing_column" and problem.line == 1
    assert "'text'" in problem.message and "'Feedback'" in problem.message and "--map text=COLUMN" in problem.message


def test_missing_id_column_is_refused(tmp_path):
    p = _csv(tmp_path, "1;hello;DE;NGO\n")
    with pytest.raises(InputError) as e:
        RecordReader(p, ColumnMapping.parse(["text=Feedback"])).check()
    assert e.value.problems[0].code == "missing_column" and "for the id" in e.value.problems[0].message


def test_duplicate_and_empty_ids_are_refused_with_both_lines(tmp_path):
    p = _csv(tmp_path, "7;one;DE;NGO\n8;two;FR;NGO\n7;three;ES;NGO\n;four;IT;NGO\n")
    err = _refusal(RecordReader(p, MAP))
    assert [(x.line, x.code) for x in err.problems] == [(4, "duplicate_id"), (5, "no_id")]
    assert str(err.problems[0]) == "line 4: the id '7' was already used on line 2"


def test_a_bad_byte_is_refused_with_its_line_and_the_others_kept_with_skip_bad(tmp_path):
    p = _csv(tmp_path, b"1;caf\xc3\xa9 ok;DE;NGO\n2;bad \xe9 byte;FR;NGO\n3;fine;ES;NGO\n")
    err = _refusal(RecordReader(p, MAP))
    (problem,) = err.problems
    assert problem.line == 3 and problem.code == "bad_encoding" and "0xe9" in problem.message
    reader = RecordReader(p, MAP, skip_bad=True)
    assert [r.id for r in _all(reader)] == ["1", "3"]
    assert reader.report.skipped_lines == [3] and reader.report.accepted == 2 and reader.report.rows == 3
    assert [r.id for r in _all(reader)] == ["1", "3"]  # a later pass leaves out the same lines


def test_another_encoding_can_be_named(tmp_path):
    p = _csv(tmp_path, "1;caf\xe9 cr\xe8me;DE;NGO\n".encode("cp1252"))
    assert _all(RecordReader(p, MAP, encoding="cp1252"))[0].text == "café crème"


def test_csv_line_with_a_stray_delimiter_is_refused(tmp_path):
    p = _csv(tmp_path, "1;one;DE;NGO\n2;two; with a stray;FR;NGO\n")
    err = _refusal(RecordReader(p, MAP))
    assert err.problems[0].line == 3 and "5 fields where the header has 4" in err.problems[0].message


def test_bad_json_line_is_refused_and_skipped(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "text": "one"}\n{"id": "b", "text": \n["not", "an object"]\n{"id": "c"}\n')
    err = _refusal(RecordReader(p))
    assert [(x.line, x.code) for x in err.problems] == [(2, "bad_json"), (3, "bad_json")]
    assert "not valid JSON" in err.problems[0].message and "JSON object, not list" in err.problems[1].message
    reader = RecordReader(p, skip_bad=True)
    recs = _all(reader)
    assert [r.id for r in recs] == ["a", "c"] and recs[1].text == "" and reader.report.without_text == 1


def test_jsonl_bad_byte(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(b'{"id": "a", "text": "one"}\n{"id": "b", "text": "t\xff"}\n')
    assert _refusal(RecordReader(p)).problems[0].line == 2


def test_nothing_readable_is_refused(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text("\n\n")
    with pytest.raises(InputError) as e:
        RecordReader(p).check()
    assert e.value.problems[0].code == "empty"
    with pytest.raises(InputError) as e:
        RecordReader(tmp_path / "in.txt")
    assert e.value.problems[0].code == "unknown_format"


def test_xlsx_rows_are_their_spreadsheet_row_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ReferenceId", "Feedback", "Country", "UserType"])
    ws.append([101, "A comment", "France", "NGO"])
    ws.append([None, None, None, None])  # a blank row is not a record
    ws.append([101, "Again", "Spain", "NGO"])
    p = tmp_path / "export.xlsx"
    wb.save(p)
    err = _refusal(RecordReader(p, MAP))
    assert (err.problems[0].line, err.problems[0].code) == (4, "duplicate_id")
    assert "already used on line 2" in err.problems[0].message
    recs = _all(RecordReader(p, MAP, skip_bad=True))
    assert [(r.id, r.country) for r in recs] == [("101", "France")]


def test_mapping_file_and_pairs_and_their_errors(tmp_path):
    f = tmp_path / "map.json"
    f.write_text(json.dumps({"text": "Feedback", "id": "Ref", "answers": {"q1": "Q1 column"}}))
    m = ColumnMapping.parse(["id=ReferenceId"], f)
    assert m.column("text") == "Feedback" and m.column("id") == "ReferenceId" and m.answers == {"q1": "Q1 column"}
    assert m.column("country") == "country"
    with pytest.raises(MappingError, match="'txt' is not a field"):
        ColumnMapping.parse(["txt=Feedback"])
    with pytest.raises(MappingError, match="FIELD=COLUMN"):
        ColumnMapping.parse(["text"])


QUESTIONS = questions_from_dicts(
    [
        {
            "id": "q1",
            "kind": "single",
            "label": "Do you support the proposal?",
            "choices": [
                {"id": "yes", "label": "Yes", "stance": "support"},
                {"id": "no", "label": "No", "stance": "oppose"},
            ],
        },
        {"id": "q2", "kind": "multiple", "label": "Which topics?", "choices": ["Spam", "Privacy"]},
        {"id": "q3", "kind": "open", "label": "Why?"},
    ]
)


def test_answers_by_choice_label_or_id_and_open_answers_as_text(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text("id,Q1,Q2,Q3\n1,Yes,Spam;privacy,Because spam floods my inbox.\n2,no,,\n", encoding="utf-8")
    m = ColumnMapping.parse(["answer:q1=Q1", "answer:q2=Q2", "answer:q3=Q3"])
    recs = _all(RecordReader(p, m, questions=QUESTIONS))
    assert recs[0].answers == {"q1": "yes", "q2": ["Spam", "Privacy"], "q3": "Because spam floods my inbox."}
    assert recs[1].answers == {"q1": "no"}
    # no text column: the open answers are the record's text
    assert recs[0].text == "Because spam floods my inbox." and recs[1].text == ""


def test_an_answer_that_is_not_a_choice_is_refused(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text("id,text,Q1\n1,t,Maybe\n2,t,Yes;No\n", encoding="utf-8")
    err = _refusal(RecordReader(p, ColumnMapping.parse(["answer:q1=Q1"]), questions=QUESTIONS))
    assert [(x.line, x.code) for x in err.problems] == [(2, "bad_answer"), (3, "bad_answer")]
    assert "'Maybe' is not a choice of question q1 (choices: Yes, No)" in err.problems[0].message
    assert "takes one choice, not 2" in err.problems[1].message


def test_attachments_and_issues_split(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "1", "text": "", "attachments": "a.pdf; b.docx", "issues": "spam;dns"}) + "\n")
    (r,) = _all(RecordReader(p))
    assert r.attachments == ["a.pdf", "b.docx"] and r.issues == ["spam", "dns"]


def test_an_importer_validates_first_then_reads_accepted_rows_with_their_raw_columns(tmp_path):
    p = _csv(tmp_path, "1;one;DE;NGO\n1;dup;FR;NGO\n2;two;ES;Company\n")
    with pytest.raises(InputError):
        RecordReader(p, MAP).validate()
    reader = RecordReader(p, MAP, skip_bad=True)
    report = reader.validate()
    assert report.accepted == 2 and [x.code for x in report.problems] == ["duplicate_id"]
    rows = list(reader.accepted_rows())
    assert [(line, row["UserType"], rec.id) for line, row, rec in rows] == [(2, "NGO", "1"), (4, "Company", "2")]
