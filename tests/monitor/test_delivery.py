"""Delivery through real servers: each message arrives once, through refusals and errors."""

from __future__ import annotations

import json
from datetime import timedelta
from email import message_from_bytes

import pytest
from conftest import PBJ, wib
from servers import Hook, MailBox, free_port, smtp_server, webhook_server
from sqlalchemy import select

from app.cases import Applicant, advance_case, open_case
from monitor.config import MonitorConfig
from monitor.outbox import deliver, list_messages, retry_message, show_message
from monitor.sweep import sweep
from storage.schema import outbox

LATE = wib(2026, 3, 25, 9, 0)  # the case below is late: the verifikator and the Kabag hear


def _policy(folder, channel: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "pekalongan.yaml").write_text(
        f"institution: pekalongan\nchannel: {channel}\ncontacts:\n"
        "  V1: {email: budi@pekalongankota.go.id, phone: '6281200000001'}\n"
        "  K1: {email: dewi@pekalongankota.go.id, phone: '6281200000002'}\n"
    )


def _queued(engine, folder) -> list[int]:
    start = wib(2026, 3, 11, 10, 0)
    ref = open_case(engine, PBJ, Applicant("Dinas PU"), "P1", start, variant="barang", at=start)
    advance_case(engine, ref, "serahkan_ke_verifikator", "P1", start, at=start)
    report = sweep(engine, LATE, policies=folder)
    return sorted(m["id"] for m in report.messages)


def test_file_channel_writes_one_json_line_per_message(sqlite_engine, tmp_path):
    _policy(tmp_path / "kebijakan", "file")
    ids = _queued(sqlite_engine, tmp_path / "kebijakan")
    config = MonitorConfig(outbox_file=tmp_path / "pesan.jsonl")
    assert sorted(deliver(sqlite_engine, LATE, config).sent) == ids
    assert deliver(sqlite_engine, LATE + timedelta(hours=1), config).sent == []  # never twice
    lines = [json.loads(x) for x in (tmp_path / "pesan.jsonl").read_text().splitlines()]
    assert sorted(line["nip"] for line in lines) == ["K1", "V1"]
    assert lines[0]["subjek"] == "[alur] 1 permohonan perlu perhatian: terlambat"


def test_smtp_refused_then_back_each_message_arrives_once(sqlite_engine, tmp_path):
    _policy(tmp_path / "kebijakan", "smtp")
    ids = _queued(sqlite_engine, tmp_path / "kebijakan")
    port = free_port()
    config = MonitorConfig(smtp_host="127.0.0.1", smtp_port=port, backoff=60)
    down = deliver(sqlite_engine, LATE, config)  # nobody listening: connection refused
    assert (down.sent, sorted(down.failed)) == ([], ids)
    shown = show_message(sqlite_engine, ids[0])
    assert shown["status"] == "failed" and "menolak" in shown["attempts_log"][0]["error"]
    assert deliver(sqlite_engine, LATE + timedelta(seconds=59), config).failed == []  # backoff
    with smtp_server(port, MailBox(refuse=1)) as box:
        again = deliver(sqlite_engine, LATE + timedelta(seconds=60), config)
        assert (len(again.sent), len(again.failed)) == (1, 1)  # one refused with 451
        last = deliver(sqlite_engine, LATE + timedelta(seconds=180), config)  # 2nd backoff 120 s
        assert len(last.sent) == 1
        assert deliver(sqlite_engine, LATE + timedelta(days=1), config).sent == []
    assert sorted(m.rcpt_tos[0] for m in box.messages) == [
        "budi@pekalongankota.go.id",
        "dewi@pekalongankota.go.id",
    ]
    assert {m["status"] for m in list_messages(sqlite_engine)} == {"sent"}
    # the outbox key is the Message-ID: a copy sent again after a killed worker is the same
    with sqlite_engine.connect() as conn:
        keys = conn.execute(select(outbox.c.key)).scalars().all()
    received = [message_from_bytes(m.original_content)["Message-ID"] for m in box.messages]
    assert sorted(received) == sorted(f"<{k.replace(':', '.')}@alur>" for k in keys)


def test_webhook_500_then_200_each_message_arrives_once_signed(sqlite_engine, tmp_path):
    _policy(tmp_path / "kebijakan", "webhook")
    ids = _queued(sqlite_engine, tmp_path / "kebijakan")
    hook = Hook("rahasia", statuses=[500])
    with webhook_server(hook) as url:
        config = MonitorConfig(webhook_url=url, webhook_secret="rahasia", backoff=10)
        first = deliver(sqlite_engine, LATE, config)
        assert (len(first.sent), len(first.failed)) == (1, 1)
        failed = show_message(sqlite_engine, first.failed[0])
        assert failed["last_error"] == "webhook menjawab HTTP 500"
        assert len(deliver(sqlite_engine, LATE + timedelta(seconds=10), config).sent) == 1
        assert deliver(sqlite_engine, LATE + timedelta(days=1), config).sent == []
    assert hook.bad_signatures == 0
    assert sorted(a["id"] for a in hook.accepted) == ids
    assert sorted(a["to"]["phone"] for a in hook.accepted) == ["6281200000001", "6281200000002"]


def test_dead_after_the_last_attempt_and_retried_by_hand(sqlite_engine, tmp_path):
    _policy(tmp_path / "kebijakan", "webhook")
    ids = _queued(sqlite_engine, tmp_path / "kebijakan")
    config = MonitorConfig(webhook_url=f"http://127.0.0.1:{free_port()}/", max_attempts=2)
    deliver(sqlite_engine, LATE, config)
    assert sorted(deliver(sqlite_engine, LATE + timedelta(hours=1), config).dead) == ids
    assert [m["id"] for m in list_messages(sqlite_engine, "dead")] == sorted(ids, reverse=True)
    assert retry_message(sqlite_engine, ids[0], LATE + timedelta(hours=2)) == "dead"
    hook = Hook("s", statuses=[])
    with webhook_server(hook) as url:
        config = MonitorConfig(webhook_url=url, webhook_secret="s", max_attempts=2)
        assert deliver(sqlite_engine, LATE + timedelta(hours=2), config).sent == [ids[0]]
    with sqlite_engine.connect() as conn:
        statuses = dict(conn.execute(select(outbox.c.id, outbox.c.status)).all())
    assert statuses == {ids[0]: "sent", ids[1]: "dead"}
    assert len(show_message(sqlite_engine, ids[0])["attempts_log"]) == 3


@pytest.mark.parametrize("status", ["sent"])
def test_a_sent_message_is_not_retried(sqlite_engine, tmp_path, status):
    _policy(tmp_path / "kebijakan", "file")
    ids = _queued(sqlite_engine, tmp_path / "kebijakan")
    deliver(sqlite_engine, LATE, MonitorConfig(outbox_file=tmp_path / "p.jsonl"))
    assert retry_message(sqlite_engine, ids[0], LATE) == status
    assert show_message(sqlite_engine, ids[0])["status"] == status


def test_a_worker_killed_after_claiming_loses_nothing_and_repeats_nothing(sqlite_engine, tmp_path):
    from monitor.outbox import LEASE, _claim

    _policy(tmp_path / "kebijakan", "file")
    ids = _queued(sqlite_engine, tmp_path / "kebijakan")
    assert sorted(r.id for r in _claim(sqlite_engine, LATE, 10)) == ids  # then the worker dies
    config = MonitorConfig(outbox_file=tmp_path / "pesan.jsonl")
    assert deliver(sqlite_engine, LATE + timedelta(minutes=1), config).sent == []  # leased
    assert sorted(deliver(sqlite_engine, LATE + LEASE, config).sent) == ids
    assert deliver(sqlite_engine, LATE + 2 * LEASE, config).sent == []
    lines = (tmp_path / "pesan.jsonl").read_text().splitlines()
    assert sorted(json.loads(x)["id"] for x in lines) == ids
