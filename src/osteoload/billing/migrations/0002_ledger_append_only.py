"""The ledger is append-only in the database too, not only in the model.

PostgreSQL: a trigger refuses every UPDATE and DELETE of a ledger row (TRUNCATE, which only an
administrator's maintenance or the test runner's flush uses, is not a row change and passes).
SQLite: a trigger refuses UPDATE; DELETE is refused by the model and its queryset (a DELETE
trigger would also stop the test runner's flush, which empties tables with DELETE on SQLite).

SQLite rebuilds a table to alter it, which drops its triggers: a later migration that alters
`billing_ledgerentry` must create them again; `tests/billing/test_ledger.py` checks they exist.
"""

from django.db import migrations

TRIGGER = "billing_ledgerentry_append_only"

PG_FORWARDS = [
    """CREATE OR REPLACE FUNCTION billing_ledger_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'ledger entries are append-only (% refused)', TG_OP
           USING ERRCODE = 'integrity_constraint_violation';
       END $$""",
    f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON billing_ledgerentry
        FOR EACH ROW EXECUTE FUNCTION billing_ledger_append_only()""",
]
PG_BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON billing_ledgerentry",
    "DROP FUNCTION IF EXISTS billing_ledger_append_only()",
]
SQLITE_FORWARDS = [
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE UPDATE ON billing_ledgerentry
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (UPDATE refused)'); END"""
]
SQLITE_BACKWARDS = [f"DROP TRIGGER IF EXISTS {TRIGGER}"]


def _run(schema_editor, statements_by_vendor):
    for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, None)  # None: no placeholder processing


def forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_FORWARDS, "sqlite": SQLITE_FORWARDS})


def backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_BACKWARDS, "sqlite": SQLITE_BACKWARDS})


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
