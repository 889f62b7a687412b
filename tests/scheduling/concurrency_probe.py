"""Run by test_concurrency on SQLite, in its own process: a fresh file database (the test
database of pytest is in memory, where SQLite connections share one cache and do not wait for
each other's locks the way separate connections to a file do).

Prints JSON: the outcome of N simultaneous attempts to book one trainer at one time.
Usage: DATABASE_URL=sqlite:///<file> python -m tests.scheduling.concurrency_probe N [--migrate]
(the test hands over a copy of its already migrated database, so migrating is optional).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osteoload.config.settings_test")


def main(attempts: int, migrate: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from osteoload.accounts.models import Gym, Membership, Role, User
    from osteoload.clients.models import Client
    from osteoload.scheduling.services import BookingConflict, book_session

    if migrate:
        call_command("migrate", verbosity=0)
    gym = Gym.objects.create(name="Probe", slug="probe")

    def member(email: str, role: str) -> Membership:
        user = User.objects.create_user(email=email, password=None, display_name=email)
        return Membership.objects.create(user=user, gym=gym, role=role)

    desk = member("desk@example.com", Role.FRONT_DESK)
    trainer = member("trainer@example.com", Role.TRAINER)
    clients = [
        Client.objects.create(
            gym=gym,
            family_name="C",
            given_name=str(n),
            sex="female",
            birth_date=dt.date(1960, 1, 1),
        )
        for n in range(attempts)
    ]
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    connection.close()
    barrier = threading.Barrier(attempts)
    results: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            book_session(actor=desk, trainer=trainer, client=clients[n], starts_at=start)
            outcome = "booked"
        except BookingConflict as error:
            outcome = "conflict: " + " ".join(error.messages)
        except Exception as error:  # reported, so the test shows what went wrong
            outcome = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from osteoload.scheduling.models import Booking

    rows = Booking.objects.filter(trainer=trainer).count()
    print(json.dumps({"results": results, "rows": rows}))


if __name__ == "__main__":
    main(int(sys.argv[1]), migrate="--migrate" in sys.argv[2:])
