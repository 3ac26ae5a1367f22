"""A scheduler killed (SIGKILL) in the middle of a delivery, then started again: every message
arrives, none is recorded twice, and the one the peer saw twice carries the same key."""

from __future__ import annotations

import json
import signal
from collections import Counter
from datetime import timedelta

import pytest
from conftest import wib
from processes import Clock, Scheduler
from servers import Hook, webhook_server
from sqlalchemy import func, select

from monitor.outbox import LEASE
from storage.schema import outbox, outbox_attempts

AT = wib(2026, 3, 25, 9, 0)
MESSAGES = 12
HELD = 6  # the peer holds the 6th request unanswered until the sender is killed


def _queue_messages(engine) -> list[str]:
    rows = [
        {
            "key": f"sapuan-1:N{i}",
            "recipient_nip": f"N{i}",
            "recipient_name": f"Pegawai {i}",
            "institution": "pekalongan",
            "channel": "webhook",
            "address": f"62812000000{i:02d}",
            "subject": "[alur] 1 permohonan perlu perhatian: terlambat",
            "body": f"Yth. Pegawai {i},\n\nSatu permohonan perlu perhatian Anda.\n",
            "payload": {"items": [{"ref": f"PKL-PBJ-2026-{i:06d}"}], "total": 1},
            "alert_keys": [f"{i}:terlambat:verifikasi:2026-03-25"],
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": AT,
            "created_at": AT,
        }
        for i in range(1, MESSAGES + 1)
    ]
    with engine.begin() as conn:
        conn.execute(outbox.insert(), rows)
    return [r["key"] for r in rows]


def _recorded(engine) -> tuple[dict[str, str], Counter]:
    with engine.connect() as conn:
        statuses = dict(conn.execute(select(outbox.c.key, outbox.c.status)).all())
        ok = conn.execute(
            select(outbox.c.key, func.count())
            .join(outbox_attempts, outbox_attempts.c.outbox_id == outbox.c.id)
            .where(outbox_attempts.c.ok)
            .group_by(outbox.c.key)
        ).all()
    return statuses, Counter(dict(ok))


@pytest.mark.slow
def test_killed_mid_delivery_then_restarted_nothing_lost_nothing_repeated(sqlite_engine, tmp_path):
    keys = _queue_messages(sqlite_engine)
    url = str(sqlite_engine.url)
    clock = Clock(tmp_path / "jam.txt", AT)
    hook = Hook("rahasia", statuses=[], hold=HELD)
    with webhook_server(hook) as hook_url:
        env = {
            "ALUR_WEBHOOK_URL": hook_url,
            "ALUR_WEBHOOK_SECRET": "rahasia",
            "ALUR_DELIVER_EVERY": "1",
            "ALUR_SWEEP_EVERY": "3600",
        }
        first = Scheduler(url, clock, env)
        try:
            assert hook.held.wait(timeout=60), f"the peer was never reached: {first.seen}"
            assert first.stop(signal.SIGKILL) == -signal.SIGKILL  # killed mid-delivery
        finally:
            first.close()
        hook.release.set()
        statuses, ok = _recorded(sqlite_engine)
        accepted_first = [a["key"] for a in hook.accepted]
        # each message the peer accepted was recorded sent at once: none waits to be resent
        assert accepted_first == keys[: HELD - 1]
        assert {k for k, s in statuses.items() if s == "sent"} == set(accepted_first)

        clock.set(AT + LEASE + timedelta(minutes=1))  # the dead worker's lease has ended
        second = Scheduler(url, clock, env)
        try:
            second.wait_sent(MESSAGES - len(accepted_first), timeout=60)
            assert second.stop() == 0
        finally:
            second.close()
    statuses, ok = _recorded(sqlite_engine)
    assert set(statuses.values()) == {"sent"}
    assert ok == Counter(dict.fromkeys(keys, 1))  # each recorded sent exactly once
    assert Counter(a["key"] for a in hook.accepted) == Counter(dict.fromkeys(keys, 1))
    # the held message reached the peer twice, unchanged: same key, same signed body
    seen = [r for r in hook.requests if r[0] == keys[HELD - 1]]
    assert len(seen) == 2 and seen[0] == seen[1]
    assert len(hook.requests) == MESSAGES + 1
    assert json.loads(seen[0][2])["key"] == keys[HELD - 1]
