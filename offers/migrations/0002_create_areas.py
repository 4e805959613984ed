"""The six areas of the statutory guidance. Their slugs are fixed: URLs and QR codes use them."""

from django.db import migrations

AREAS = [
    ("health-and-wellbeing", "Health and wellbeing", "Staying healthy, in body and mind."),
    ("relationships", "Relationships", "The people in your life, and who supports you."),
    ("education-and-training", "Education and training", "College, university and training."),
    ("employment", "Employment", "Finding work, apprenticeships and money while you work."),
    ("accommodation", "Accommodation", "Somewhere safe to live, and help to keep it."),
    (
        "participation-in-society",
        "Participation in society",
        "Money, travel, your say and taking part in your community.",
    ),
]


def create_areas(apps, schema_editor):
    Area = apps.get_model("offers", "Area")
    for order, (slug, title, summary) in enumerate(AREAS, start=1):
        Area.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "title_en": title,
                "summary": summary,
                "summary_en": summary,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(create_areas, migrations.RunPython.noop)]
