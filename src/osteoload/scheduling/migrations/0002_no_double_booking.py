"""The database refuses double bookings, whoever writes (the services check first, for a clear
message; this is the guarantee).

PostgreSQL: two exclusion constraints (btree_gist) — no two bookings that hold time (not
cancelled) of the same trainer, or of the same client, may have overlapping [start, end) ranges.
SQLite: triggers that abort such an INSERT or UPDATE; with every transaction opened by
BEGIN IMMEDIATE (settings) writers are serialised, so check and write cannot interleave.

Note for later migrations: SQLite rebuilds a table to alter it, which drops its triggers. A
migration that alters `scheduling_booking` must create them again (call `sqlite_forwards`);
`tests/scheduling/test_guards.py` fails if they are missing.
"""

from django.db import migrations

# The services recognise these names in errors (osteoload.scheduling.models).
TRAINER_OVERLAP = "booking_no_trainer_overlap"
CLIENT_OVERLAP = "booking_no_client_overlap"

PG_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE scheduling_booking ADD CONSTRAINT {TRAINER_OVERLAP}
        EXCLUDE USING gist (trainer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (status <> 'cancelled')""",
    f"""ALTER TABLE scheduling_booking ADD CONSTRAINT {CLIENT_OVERLAP}
        EXCLUDE USING gist (client_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (status <> 'cancelled' AND client_id IS NOT NULL)""",
]
PG_BACKWARDS = [
    f"ALTER TABLE scheduling_booking DROP CONSTRAINT IF EXISTS {CLIENT_OVERLAP}",
    f"ALTER TABLE scheduling_booking DROP CONSTRAINT IF EXISTS {TRAINER_OVERLAP}",
]


def _sqlite_trigger(name: str, column: str, event: str) -> str:
    same_row = "b.id <> NEW.id AND " if event.startswith("UPDATE") else ""
    return f"""
        CREATE TRIGGER IF NOT EXISTS {name}_{event.split()[0].lower()}
        BEFORE {event} ON scheduling_booking
        WHEN NEW.status <> 'cancelled' AND NEW.{column} IS NOT NULL AND EXISTS (
            SELECT 1 FROM scheduling_booking b
            WHERE {same_row}b.{column} = NEW.{column} AND b.status <> 'cancelled'
              AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at)
        BEGIN SELECT RAISE(ABORT, '{name}'); END"""


UPDATE_OF = "UPDATE OF trainer_id, client_id, starts_at, ends_at, status"
SQLITE_FORWARDS = [
    _sqlite_trigger(TRAINER_OVERLAP, "trainer_id", "INSERT"),
    _sqlite_trigger(TRAINER_OVERLAP, "trainer_id", UPDATE_OF),
    _sqlite_trigger(CLIENT_OVERLAP, "client_id", "INSERT"),
    _sqlite_trigger(CLIENT_OVERLAP, "client_id", UPDATE_OF),
]
SQLITE_BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {name}_{event}"
    for name in (TRAINER_OVERLAP, CLIENT_OVERLAP)
    for event in ("insert", "update")
]


def _run(schema_editor, statements_by_vendor):
    statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, None)  # None: no placeholder processing


def forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_FORWARDS, "sqlite": SQLITE_FORWARDS})


def backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_BACKWARDS, "sqlite": SQLITE_BACKWARDS})


def sqlite_forwards(schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARDS})


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
