"""Shared fixtures: named personas in two gyms, signed-in test clients, query counting.

The demo gym of the tests ("Riverside"):
- olivia — the owner;
- alice and bob — trainers; frank — the front desk;
- carol and dan — clients of alice; erin — a client of bob (carol and erin can sign in);
A second gym ("Hilltop") with its own owner (oscar), trainer (trent) and client (hank).

Persona fixtures are `Membership`s; client records are `<name>_record` (`Client`s).
Permission tests then read like sentences: `as_(bob).get(url_of(carol_record))` is 403.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from osteoload.accounts.models import Gym, Membership, Role, User
from osteoload.clients.models import Client, TrainerAssignment

PASSWORD = "correct horse battery staple"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the translations when a .po changed (so `pytest` alone sees the Japanese UI)."""
    if hasattr(session.config, "workerinput"):
        return  # xdist workers: the controller compiled them
    from django.core.management import call_command

    from osteoload.commands.serve import LOCALE_DIR, translations_stale

    if translations_stale(LOCALE_DIR):
        call_command("compilemessages", locale=["ja"], verbosity=0, ignore_patterns=[".venv", "*"])
        # Forget catalogs loaded before the .mo existed (as Django's tests do on LOCALE_PATHS):
        # Django's, and the gettext module's own (private) cache of opened .mo files, which
        # otherwise serves the old catalog to this run.
        import gettext

        from django.utils.translation import trans_real

        trans_real._translations = {}
        gettext._translations.clear()
        trans_real._default = None


def make_member(gym: Gym, email: str, role: Role, name: str = "") -> Membership:
    user = User.objects.create_user(email=email, password=PASSWORD, display_name=name or email)
    return Membership.objects.create(user=user, gym=gym, role=role)


def make_client(
    gym: Gym,
    family: str,
    given: str,
    *,
    trainer: Membership | None = None,
    user: User | None = None,
    sex: str = "female",
    birth: dt.date = dt.date(1955, 6, 1),
) -> Client:
    client = Client.objects.create(
        gym=gym,
        user=user,
        family_name=family,
        given_name=given,
        family_name_kana=family,
        given_name_kana=given,
        sex=sex,
        birth_date=birth,
    )
    if trainer is not None:
        TrainerAssignment.objects.create(
            gym=gym, trainer=trainer, client=client, since=dt.date(2024, 1, 1)
        )
    return client


@dataclass
class World:
    gym: Gym
    olivia: Membership
    alice: Membership
    bob: Membership
    frank: Membership
    carol: Membership
    erin: Membership
    carol_record: Client
    dan_record: Client
    erin_record: Client
    other_gym: Gym
    oscar: Membership
    trent: Membership
    hank: Membership
    hank_record: Client


@pytest.fixture
def world(db: None) -> World:
    gym = Gym.objects.create(name="Riverside", slug="riverside")
    olivia = make_member(gym, "olivia@example.com", Role.OWNER, "Olivia")
    alice = make_member(gym, "alice@example.com", Role.TRAINER, "Alice")
    bob = make_member(gym, "bob@example.com", Role.TRAINER, "Bob")
    frank = make_member(gym, "frank@example.com", Role.FRONT_DESK, "Frank")
    carol = make_member(gym, "carol@example.com", Role.CLIENT, "Carol")
    erin = make_member(gym, "erin@example.com", Role.CLIENT, "Erin")
    other = Gym.objects.create(name="Hilltop", slug="hilltop")
    oscar = make_member(other, "oscar@example.com", Role.OWNER, "Oscar")
    trent = make_member(other, "trent@example.com", Role.TRAINER, "Trent")
    hank = make_member(other, "hank@example.com", Role.CLIENT, "Hank")
    return World(
        gym=gym,
        olivia=olivia,
        alice=alice,
        bob=bob,
        frank=frank,
        carol=carol,
        erin=erin,
        carol_record=make_client(gym, "Carol", "Clarke", trainer=alice, user=carol.user),
        dan_record=make_client(gym, "Dan", "Doe", trainer=alice, sex="male"),
        erin_record=make_client(gym, "Erin", "Evans", trainer=bob, user=erin.user),
        other_gym=other,
        oscar=oscar,
        trent=trent,
        hank=hank,
        hank_record=make_client(other, "Hank", "Hill", trainer=trent, user=hank.user, sex="male"),
    )


# One fixture per persona, so tests can ask for exactly who they need.
@pytest.fixture
def gym(world: World) -> Gym:
    return world.gym


@pytest.fixture
def olivia(world: World) -> Membership:
    return world.olivia


@pytest.fixture
def alice(world: World) -> Membership:
    return world.alice


@pytest.fixture
def bob(world: World) -> Membership:
    return world.bob


@pytest.fixture
def frank(world: World) -> Membership:
    return world.frank


@pytest.fixture
def carol(world: World) -> Membership:
    return world.carol


@pytest.fixture
def erin(world: World) -> Membership:
    return world.erin


@pytest.fixture
def carol_record(world: World) -> Client:
    return world.carol_record


@pytest.fixture
def dan_record(world: World) -> Client:
    return world.dan_record


@pytest.fixture
def erin_record(world: World) -> Client:
    return world.erin_record


@pytest.fixture
def oscar(world: World) -> Membership:
    return world.oscar


@pytest.fixture
def trent(world: World) -> Membership:
    return world.trent


@pytest.fixture
def hank(world: World) -> Membership:
    return world.hank


@pytest.fixture
def hank_record(world: World) -> Client:
    return world.hank_record


@pytest.fixture
def as_() -> Callable[[Membership | None], HttpClient]:
    """`as_(alice)` → a test client signed in as Alice; `as_(None)` → an anonymous one."""

    def make(member: Membership | None) -> HttpClient:
        http = HttpClient()
        if member is not None:
            http.force_login(member.user)
        return http

    return make


def redis_running(host: str = "127.0.0.1", port: int = 6379) -> bool:
    """A Redis server to test the shared cache against (CI's machines run one)."""
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


@contextmanager
def capture_queries() -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def writes_in(ctx: CaptureQueriesContext) -> list[str]:
    """The SQL statements of a capture that change data (INSERT/UPDATE/DELETE)."""
    verbs = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(verbs)]


@pytest.fixture
def count_queries() -> Callable[[Callable[[], object]], int]:
    """`count_queries(lambda: http.get(url))` → how many SQL queries the call made."""

    def count(call: Callable[[], object]) -> int:
        with capture_queries() as ctx:
            call()
        return len(ctx.captured_queries)

    return count
