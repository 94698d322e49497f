"""Schemathesis over the OpenAPI document, anonymously and with a secretariat token: no server error, and every
answer conforms to the document (status codes, content types, headers, bodies).

Path parameters are drawn half from the values of a seeded public record (so that the operations reach real
drafts, findings, builds and calls) and half by Schemathesis. The run is derandomised and small enough for
`make test`; `PLENARY_FUZZ_EXAMPLES=200` runs a deeper, random one.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from plenary.api.services import api_token_create
from plenary.consultations.models import ContributionStatus
from plenary.consultations.tests.factories import make_call, submit

from .records import path_values

DEEP = int(os.environ.get("PLENARY_FUZZ_EXAMPLES", "0"))
EXAMPLES = DEEP or 3
# No server error, and the answer is the one the document describes. (Schemathesis' heuristic that a request
# valid by the schema must succeed does not apply: a kind the call does not take, a text with too many links,
# are valid JSON Schema and a documented 400.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db, direct_wsgi):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    return schema


def _known_values(group, record) -> dict:
    call = make_call(group)
    published, _token = submit(call, title="Published for the fuzzer")
    published.status = ContributionStatus.PUBLISHED
    published.save()
    return path_values(group, record, {"published": published})


def _run(schema, values: dict, headers: dict) -> dict:
    """Every operation, EXAMPLES cases each; returns the number of calls per status class."""

    @schema.hook("before_generate_path_parameters")
    def known_half_the_time(context, strategy):
        names = [p.name for p in context.operation.path_parameters]
        if not all(name in values for name in names):
            return strategy
        return st.one_of(st.just({name: values[name] for name in names}), strategy)

    statuses: dict[str, int] = {}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=not DEEP,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(headers=headers)
            status = f"{response.status_code // 100}xx"
            statuses[status] = statuses.get(status, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except Exception as error:  # collected, so that one run reports every operation that fails
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {error}")
                raise

        try:
            check()
        except Exception:  # noqa: S112 (the failure is in `failures`, reported below)
            continue
    assert failures == []
    return statuses


def test_the_api_answers_every_case_with_a_documented_answer(api_schema, group, record, users, capsys):
    values = _known_values(group, record)
    _token, raw = api_token_create(actor=None, user=users["secretariat"], name="fuzz")
    anonymous = _run(api_schema, values, {})
    secretariat = _run(api_schema, values, {"Authorization": f"Bearer {raw}"})
    for statuses in (anonymous, secretariat):
        assert statuses.get("5xx", 0) == 0
        assert statuses.get("2xx", 0) > 0
    with capsys.disabled():
        print(f"\nschemathesis: anonymous {anonymous}, secretariat {secretariat}")
