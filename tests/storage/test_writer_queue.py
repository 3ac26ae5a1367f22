"""On SQLite the writers of one process queue for the write lock: a second writer waits
for the first to finish (and is told the database is busy when it waits too long), and
the lock is given back however a write ends, committed, failed or read-only."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from storage.db import connect
from storage.errors import DatabaseBusy
from storage.schema import staff
from storage.transactions import reading, writing


def _add(conn, nip: str) -> None:
    conn.execute(
        staff.insert().values(
            nip=nip, name="Uji", institution="pekalongan", unit_code="PBJ", roles=["petugas"]
        )
    )


def _count(engine) -> int:
    with reading(engine) as conn:
        return int(conn.execute(select(func.count()).select_from(staff)).scalar_one())


@pytest.fixture
def engine(sqlite_url, monkeypatch):
    monkeypatch.setenv("ALUR_SQLITE_BUSY_TIMEOUT", "0.2")
    engine = connect(sqlite_url)
    yield engine
    engine.dispose()


def test_a_second_writer_waits_for_the_first_and_is_told_when_it_waits_too_long(engine):
    inside, done = threading.Event(), threading.Event()

    def hold() -> None:
        with writing(engine) as conn:
            _add(conn, "A")
            inside.set()
            done.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(5)
    with pytest.raises(DatabaseBusy, match="sedang sibuk"), writing(engine) as conn:
        _add(conn, "B")
    with reading(engine) as conn:  # a reader never queues behind a writer
        assert conn.execute(select(func.count()).select_from(staff)).scalar_one() == 0
    done.set()
    holder.join()
    with writing(engine) as conn:  # given back at the end of the first write
        _add(conn, "B")
    assert _count(engine) == 2


def test_the_lock_is_given_back_after_a_failed_write(engine):
    with pytest.raises(ZeroDivisionError), writing(engine) as conn:
        _add(conn, "A")
        _ = 1 / 0
    with writing(engine) as conn:
        _add(conn, "B")
    assert _count(engine) == 1


def test_many_threads_writing_at_once_all_succeed(sqlite_url):
    engine = connect(sqlite_url)  # the default busy timeout (5 s)
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                with writing(engine) as conn:
                    _add(conn, f"{n}-{i}")
        except Exception as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and _count(engine) == 80
    engine.dispose()
