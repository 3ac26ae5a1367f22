"""Schemathesis over the API's own OpenAPI document, with a valid token: on any input the
document allows (and many it does not), never a server error, and every answer is one the
document describes (status, content type, headers, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from tests.web import api_support

api = api_support.api  # the fixture

load_all_checks()
CONFORMANCE = [
    check
    for check in CHECKS.get_all()
    if check.__name__
    in {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    }
]


# The document does not depend on the database: the app is built once for it, and each
# operation's test gives it the `api` fixture's database and clock.
APP = api_support.make_app(None, None)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture
def served(api):
    APP.state.engine, APP.state.clock = api.engine, api.clock
    ref = api.open_case()  # the document's example reference, so generated steps reach a case
    assert ref == api_support.EXAMPLE_REF
    return api


@pytest.mark.slow  # about 2 s an operation, 30 examples each
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_request_gets_a_documented_answer(case, served):
    case.call_and_validate(headers=served.auth("kabag"), checks=CONFORMANCE)
