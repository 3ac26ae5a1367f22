"""Escalation policies: shipped, overridden by the office, every problem reported once."""

from __future__ import annotations

import pytest

from monitor.errors import PolicyInvalid
from monitor.policy import SHIPPED_POLICIES, Level, load_policy, parse_policy, policy_for


@pytest.mark.parametrize("institution", ["pekalongan", "ppu", "pasuruan"])
def test_each_institution_ships_a_valid_policy_with_the_documented_defaults(institution):
    policy = load_policy(SHIPPED_POLICIES / f"{institution}.yaml", institution)
    assert (policy.asisten_after, policy.sekda_after, policy.channel) == (2, 5, "file")
    assert policy.threshold(0.8) == 0.8  # no override: the workflow's own sla.at_risk


def test_an_office_file_replaces_the_shipped_policy(tmp_path):
    (tmp_path / "ppu.yaml").write_text("institution: ppu\nat_risk: 0.5\nasisten_after: 1\n")
    policy = policy_for("ppu", tmp_path)
    assert (policy.threshold(0.75), policy.asisten_after) == (0.5, 1)
    assert policy_for("pekalongan", tmp_path).asisten_after == 2  # others stay shipped


def test_every_problem_is_reported_once_in_indonesian():
    text = (
        "institution: ppu\nat_risk: 1.5\nasisten_after: dua\nchannel: pos\n"
        "warna: merah\ncontacts: {X1: {email: bukan-surel}}\n"
    )
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy(text, "kantor/ppu.yaml")
    assert caught.value.problems == [
        "at_risk: harus kurang dari 1",
        "asisten_after: harus bilangan bulat",
        "channel: harus salah satu dari 'file', 'smtp' atau 'webhook'",
        "contacts.X1.email: bentuknya tidak sah",
        "warna: kunci tidak dikenal",
    ]
    assert str(caught.value).startswith("kebijakan eskalasi kantor/ppu.yaml: 5 masalah: at_risk")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("institution: ppu\nasisten_after: 6\n", "sekda_after: tidak boleh kurang dari"),
        ("institution: pasuruan\n", "institution: 'pasuruan' bukan 'ppu'"),
        ("- a\n- b\n", "isi berkas harus pemetaan"),
        ("institution: [ppu\n", "baris 2: bukan YAML yang sah"),
    ],
)
def test_rules_beyond_the_fields(text, problem):
    with pytest.raises(PolicyInvalid, match=problem.replace("[", r"\[")):
        parse_policy(text, "ppu.yaml", "ppu")


def test_levels_read_as_warnings_or_escalations():
    assert [level.kind for level in Level] == [
        "peringatan",
        "peringatan",
        "eskalasi",
        "eskalasi",
        "peringatan",
    ]
