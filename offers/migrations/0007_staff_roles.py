"""The three staff roles, as groups with their permissions (see offers/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from offers.roles import apply_roles

    apply_roles(apps, complete=False)


def remove_roles(apps, schema_editor):
    from offers.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0006_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
