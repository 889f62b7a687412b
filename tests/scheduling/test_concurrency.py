"""Twenty people try to book the same trainer (or the same client) at the same moment: exactly
one booking is made, everyone else gets a clear message.

PostgreSQL: threads, each with its own connection, against the test database (a transactional
test, so every thread sees committed rows). SQLite: the same race in a separate process on a
file database (see concurrency_probe.py), where SQLite's locking is that of real connections.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connection
from django.utils import timezone

from osteoload.accounts.models import Gym, Membership, Role, User
from osteoload.clients.models import Client
from osteoload.scheduling.models import Booking
from osteoload.scheduling.services import BookingConflict, book_session

ATTEMPTS = 20
# The clear message, in English or in Japanese (threads and the probe speak the product's
# default language, Japanese).
CLEAR = ("already has a booking", "a moment ago", "既に予約があります", "埋まりました")
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
REPO = Path(__file__).resolve().parents[2]
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="threads with their own connections need PostgreSQL (DATABASE_URL)"
)
needs_sqlite = pytest.mark.skipif(ON_POSTGRES, reason="the SQLite variant of the race")


def race(attempt, n: int = ATTEMPTS) -> list[str]:
    """Run `attempt(i)` in n threads released together; each returns an outcome string."""
    barrier = threading.Barrier(n)
    results: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = attempt(i)
        except BookingConflict as error:
            outcome = "conflict: " + " ".join(error.messages)
        except IntegrityError as error:
            outcome = f"integrity: {error}"
        except Exception as error:
            outcome = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def people(n_trainers: int, n_clients: int) -> tuple[Membership, list[Membership], list[Client]]:
    gym = Gym.objects.create(name="Race", slug="race")

    def member(email: str, role: str) -> Membership:
        user = User.objects.create_user(email=email, password=None, display_name=email)
        return Membership.objects.create(user=user, gym=gym, role=role)

    desk = member("desk@example.com", Role.FRONT_DESK)
    trainers = [member(f"t{i}@example.com", Role.TRAINER) for i in range(n_trainers)]
    clients = [
        Client.objects.create(
            gym=gym,
            family_name="Client",
            given_name=str(i),
            sex="female",
            birth_date=dt.date(1960, 1, 1),
        )
        for i in range(n_clients)
    ]
    return desk, trainers, clients


def start_time() -> dt.datetime:
    return timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=2)


def assert_exactly_one(results: list[str], clear: tuple[str, ...]) -> None:
    assert len(results) == ATTEMPTS, results
    assert results.count("booked") == 1, results
    others = [r for r in results if r != "booked"]
    assert all(r.startswith("conflict: ") and any(c in r for c in clear) for r in others), others


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_attempts_on_one_trainer_make_one_booking():
    desk, (trainer,), clients = people(1, ATTEMPTS)
    start = start_time()
    results = race(
        lambda i: (
            book_session(actor=desk, trainer=trainer, client=clients[i], starts_at=start)
            and "booked"
        )
    )
    assert_exactly_one(results, CLEAR)
    assert Booking.objects.filter(trainer=trainer).count() == 1


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_attempts_on_one_client_with_different_trainers_make_one_booking():
    desk, trainers, (client,) = people(ATTEMPTS, 1)
    start = start_time()
    results = race(
        lambda i: (
            book_session(actor=desk, trainer=trainers[i], client=client, starts_at=start)
            and "booked"
        )
    )
    assert_exactly_one(results, CLEAR)
    assert Booking.objects.filter(client=client).count() == 1


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_exclusion_constraint_alone_stops_twenty_raw_inserts():
    """Without the service's lock and check: the database still lets exactly one through."""
    _desk, (trainer,), clients = people(1, ATTEMPTS)
    start = start_time()

    def insert(i: int) -> str:
        Booking.objects.create(
            gym_id=trainer.gym_id,
            kind="session",
            trainer=trainer,
            client=clients[i],
            starts_at=start + dt.timedelta(minutes=i),  # all overlap the first
            ends_at=start + dt.timedelta(minutes=60 + i),
        )
        return "booked"

    results = race(insert)
    assert results.count("booked") == 1, results
    # Every other insert is refused by the constraint: as a violation, or, when several inserts
    # wait on each other's uncommitted rows, by PostgreSQL aborting one of them as a deadlock
    # "while checking exclusion constraint" (a refusal too, never a second booking).
    refused = ("booking_no_trainer_overlap", "while checking exclusion constraint")
    assert all(any(why in r for why in refused) for r in results if r != "booked"), results
    assert Booking.objects.filter(trainer=trainer).count() == 1


@needs_sqlite
def test_twenty_attempts_on_sqlite_make_one_booking(transactional_db, tmp_path):
    # A file copy of the migrated test database (schema and guards) for the other process;
    # a transactional test, so that no open transaction holds the database during the copy.
    import sqlite3

    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "race.sqlite3")
    connection.connection.backup(target)
    target.close()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "osteoload.config.settings_test",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.scheduling.concurrency_probe", str(ATTEMPTS)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert_exactly_one(report["results"], CLEAR)
    assert report["rows"] == 1
