"""The generated program document moves from `Program` to its own table (`ProgramDocument`), so
that reading or joining programs no longer loads about 150 KB of JSON per program."""

import django.db.models.deletion
from django.db import migrations, models


def move_out(apps, schema_editor):
    Program = apps.get_model("training", "Program")
    ProgramDocument = apps.get_model("training", "ProgramDocument")
    batch = []
    for program_id, document in Program.objects.values_list("id", "document").iterator():
        batch.append(ProgramDocument(program_id=program_id, document=document))
        if len(batch) >= 200:
            ProgramDocument.objects.bulk_create(batch)
            batch = []
    ProgramDocument.objects.bulk_create(batch)


def move_back(apps, schema_editor):
    Program = apps.get_model("training", "Program")
    ProgramDocument = apps.get_model("training", "ProgramDocument")
    for program_id, document in ProgramDocument.objects.values_list(
        "program_id", "document"
    ).iterator():
        Program.objects.filter(pk=program_id).update(document=document)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_program_based_on"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgramDocument",
            fields=[
                (
                    "program",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="generated",
                        serialize=False,
                        to="training.program",
                    ),
                ),
                ("document", models.JSONField(verbose_name="program as generated")),
            ],
            options={
                "verbose_name": "program as generated",
                "verbose_name_plural": "programs as generated",
            },
        ),
        migrations.RunPython(move_out, move_back),
        migrations.RemoveField(model_name="program", name="document"),
    ]
