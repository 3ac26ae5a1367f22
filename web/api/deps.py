"""What every endpoint needs: the database, the clock, and the person the token acts as.

`request.app.state.engine` and `request.app.state.clock` are set by the app that mounts the
router (the web app, a test, a benchmark); the clock is a zero-argument callable returning
an aware UTC instant, read by the use cases once they hold the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from app.tokens import authenticate
from engine.case import Actor
from engine.limits import REQUEST_ID_MAX
from web.api.errors import NotAuthenticated

__all__ = ["Acting", "ActingDep", "ActorDep", "Clock", "ClockDep", "EngineDep", "IdempotencyKey"]

Clock = Callable[[], datetime]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="Token API pegawai (alur token issue NIP --label …): Authorization: Bearer alur_…",
)


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _clock(request: Request) -> Clock:
    """The app's clock, to the whole second like every time the command line records."""
    clock: Clock = request.app.state.clock
    return lambda: clock().replace(microsecond=0)


EngineDep = Annotated[Engine, Depends(_engine)]
ClockDep = Annotated[Clock, Depends(_clock)]


def _actor(
    engine: EngineDep,
    clock: ClockDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The staff member the bearer token acts as (401 without one, or for a refused one)."""
    if credentials is None:
        raise NotAuthenticated
    return authenticate(engine, credentials.credentials, clock())


ActorDep = Annotated[Actor, Depends(_actor)]


@dataclass(frozen=True)
class Acting:
    """Who acts (the token's owner), on which database, by which clock."""

    actor: Actor
    engine: Engine
    clock: Clock

    @property
    def nip(self) -> str:
        return self.actor.nip


def _acting(actor: ActorDep, engine: EngineDep, clock: ClockDep) -> Acting:
    return Acting(actor, engine, clock)


ActingDep = Annotated[Acting, Depends(_acting)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=REQUEST_ID_MAX,
        description="Kode permintaan: mengulang permintaan dengan kode yang sama tidak "
        "mencatat dua kali dan mengembalikan hasil yang sama.",
    ),
]
