"""The roles again, now that feedback and public changes exist (see offers/roles.py)."""

from django.db import migrations


def update_roles(apps, schema_editor):
    from offers.roles import apply_roles

    # Drafts come in 0012, which completes the groups.
    apply_roles(apps, complete=False)


class Migration(migrations.Migration):
    dependencies = [("offers", "0010_feedback")]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
