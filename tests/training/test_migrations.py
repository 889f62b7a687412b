"""The generated program document moved to its own table (training 0003) without losing a byte,
and moves back when the migration is reversed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("training", "0002_program_based_on")]
AFTER = [("training", "0003_program_document")]
DOCUMENT = {"schema": "osteoload.program/1", "tier": "B", "weeks": [{"week": 1, "sessions": []}]}


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_document_moves_to_its_own_table_and_back():
    try:
        old = _migrate(BEFORE)
        gym = old.get_model("accounts", "Gym").objects.create(name="Old gym", slug="old-gym")
        client = old.get_model("clients", "Client").objects.create(
            gym=gym,
            family_name="Sato",
            given_name="Aya",
            sex="female",
            birth_date=dt.date(1960, 1, 1),
        )
        program = old.get_model("training", "Program").objects.create(
            gym=gym,
            client=client,
            tier="B",
            length_weeks=1,
            sessions_per_week=2,
            start_date=dt.date(2026, 1, 5),
            document=DOCUMENT,
            engine_version="test",
        )

        new = _migrate(AFTER)
        kept = new.get_model("training", "ProgramDocument").objects.get(program_id=program.pk)
        assert kept.document == DOCUMENT
        fields = {f.name for f in new.get_model("training", "Program")._meta.get_fields()}
        assert "document" not in fields

        old = _migrate(BEFORE)
        assert old.get_model("training", "Program").objects.get(pk=program.pk).document == DOCUMENT
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
