"""Presentations keep a folded search text (presentations.search); fill it for the ones already stored."""

from django.db import migrations, models

from presentations.search import search_text_of


def fill_search_text(apps, schema_editor):
    Presentation = apps.get_model("presentations", "Presentation")
    batch = []
    for presentation in Presentation.objects.only("pk", "title", "speakers", "description").iterator(chunk_size=500):
        presentation.search_text = search_text_of(
            title=presentation.title, speakers=presentation.speakers or [], description=presentation.description
        )
        batch.append(presentation)
        if len(batch) >= 500:
            Presentation.objects.bulk_update(batch, ["search_text"])
            batch = []
    Presentation.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("presentations", "0003_conference_rooms"),
    ]

    operations = [
        migrations.AddField(
            model_name="presentation",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
