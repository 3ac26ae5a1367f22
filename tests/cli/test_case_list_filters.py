"""An empty filter on `case list` is bad input, not a filter that matches every case."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()
OPTIONS = ["--applicant", "--holder", "--service", "--state", "--institution", "--unit"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> list[str]:
    path = tmp_path_factory.mktemp("filters") / "alur.db"
    assert runner.invoke(app, ["--db", str(path), "db", "upgrade"]).exit_code == 0
    return ["--db", str(path)]


@pytest.mark.parametrize("value", ["", "   "])
@pytest.mark.parametrize("option", OPTIONS)
def test_an_empty_filter_is_refused_naming_the_option(db, option, value):
    result = runner.invoke(app, [*db, "case", "list", option, value])
    assert result.exit_code == 2, result.output
    assert result.output == f"galat: {option}: tidak boleh kosong\n"


def test_a_filter_with_text_still_filters(db):
    result = runner.invoke(app, [*db, "case", "list", "--applicant", "PUPR"])
    assert result.exit_code == 0 and result.output == "0 permohonan\n"
