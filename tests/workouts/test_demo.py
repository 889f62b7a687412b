"""The demo's logged sessions: real numbers for the progress pages, seeded once."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from osteoload.clients.models import Client
from osteoload.workouts import selectors
from osteoload.workouts.models import LoggedSet, Workout


def counts() -> tuple[int, int]:
    return Workout.objects.count(), LoggedSet.objects.count()


def test_demo_clients_with_a_program_have_logged_sessions(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    clients = Client.objects.filter(programs__status="active").distinct()
    assert clients.exists()
    today = timezone.localdate()
    for client in clients:
        workouts = Workout.objects.filter(client=client)
        assert workouts.exists()
        assert all(w.date < today and w.finish_key is not None for w in workouts)
        assert all(w.pain is not None and w.session_rpe is not None for w in workouts)
        assert selectors.weekly_training_load(client) is not None
        assert selectors.adherence(client).weeks
    # Strength trends for the clients whose programs load a main lift.
    lifts = [lift for client in clients for lift in selectors.e1rm_history(client)]
    assert sum(1 for lift in lifts if len(lift.points) >= 2) >= 3
    assert all(p.e1rm_kg > 0 for lift in lifts for p in lift.points)
    call_command("seed_demo", verbosity=0)
    assert counts() == first
