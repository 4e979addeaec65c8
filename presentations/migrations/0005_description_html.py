"""Presentations keep their description as HTML (Presentation.description_html); fill it for the ones stored."""

from django.db import migrations, models

from presentations.models import description_html_of


def fill_description_html(apps, schema_editor):
    Presentation = apps.get_model("presentations", "Presentation")
    batch = []
    for presentation in Presentation.objects.only("pk", "description").iterator(chunk_size=500):
        presentation.description_html = description_html_of(presentation.description)
        batch.append(presentation)
        if len(batch) >= 500:
            Presentation.objects.bulk_update(batch, ["description_html"])
            batch = []
    Presentation.objects.bulk_update(batch, ["description_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("presentations", "0004_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="presentation",
            name="description_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_description_html, migrations.RunPython.noop),
    ]
