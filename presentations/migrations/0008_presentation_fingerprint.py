"""Presentations keep a fingerprint of their source's fields (Presentation.fingerprint); fill it for the ones stored."""

from django.db import migrations, models

from presentations.fingerprint import SOURCE_FIELDS, fingerprint_of


def fill_fingerprints(apps, schema_editor):
    Presentation = apps.get_model("presentations", "Presentation")
    batch = []
    for presentation in Presentation.objects.only("pk", *SOURCE_FIELDS).iterator(chunk_size=500):
        presentation.fingerprint = fingerprint_of({name: getattr(presentation, name) for name in SOURCE_FIELDS})
        batch.append(presentation)
        if len(batch) >= 500:
            Presentation.objects.bulk_update(batch, ["fingerprint"])
            batch = []
    Presentation.objects.bulk_update(batch, ["fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("presentations", "0007_conference_schedule_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="presentation",
            name="fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.RunPython(fill_fingerprints, migrations.RunPython.noop),
    ]
