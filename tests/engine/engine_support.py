"""Small helpers shared by test modules (importable because tests/ is on sys.path)."""

from __future__ import annotations

from sqlalchemy import select

from storage import repository
from storage.schema import events

PBJ_ITEMS = [
    "rup",
    "hps",
    "kontrak-barang",
    "ba-pemeriksaan",
    "ba-serah-terima",
    "jaminan-garansi",
    "foto-dokumentasi",
]

NO_HPS = "Berkas belum lengkap: HPS belum dilampirkan"  # a send-back's reason


def row_of(engine, ref):
    with engine.connect() as conn:
        return repository.case_by_ref(conn, ref)


def events_of(engine, ref):
    with engine.connect() as conn:
        case_id = repository.case_by_ref(conn, ref).id
        query = select(events).where(events.c.case_id == case_id).order_by(events.c.seq)
        return conn.execute(query).all()
