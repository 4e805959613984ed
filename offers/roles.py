"""Who may do what in the staff area. The groups are made by a migration from ROLES, so
every installation has the same three, and this is the one place that says what they are.

- Editors write and change drafts: services not yet public, with their easy-read
  sentences and documents, and draft changes to what is public (an area's text, a published
  service) that a publisher then publishes. They can see everything else.
- Publishers also make content public or take it down, edit what is public directly
  (areas, contacts, glossary, the offer settings, published services, the lines on the
  "What changed" page), publish or discard drafts, and import translations.
- Administrators also manage staff accounts.
"""

# Group names are stored in the database, in English, like Django's own permission names.
EDITORS = "Editors"
PUBLISHERS = "Publishers"
ADMINISTRATORS = "Administrators"

CONTENT = [
    "area", "service", "contact", "glossaryterm", "easyreadsentence", "offersettings",
    "feedback", "publicchange", "draft", "document",
]  # fmt: skip
VIEW_CONTENT = [("offers", f"view_{model}") for model in CONTENT]
EDITOR = [
    *VIEW_CONTENT,
    ("offers", "add_service"),
    ("offers", "change_service"),
    ("offers", "change_area"),  # their saves of an area are drafts
    *[("offers", f"{action}_{model}") for model in ("easyreadsentence", "document")
      for action in ("add", "change", "delete")],
]  # fmt: skip
PUBLISHER = [
    *EDITOR,
    ("offers", "publish_service"),
    ("offers", "delete_service"),
    ("offers", "change_offersettings"),
    ("offers", "change_publicchange"),
    ("offers", "change_feedback"),
    ("offers", "delete_feedback"),
    *[("offers", f"{action}_{model}") for model in ("contact", "glossaryterm")
      for action in ("add", "change", "delete")],
]  # fmt: skip
ADMINISTRATOR = [
    *PUBLISHER,
    *[("auth", f"{action}_{model}") for model in ("user", "group")
      for action in ("view", "add", "change", "delete")],
]  # fmt: skip

ROLES = {EDITORS: EDITOR, PUBLISHERS: PUBLISHER, ADMINISTRATORS: ADMINISTRATOR}
PUBLISH = "offers.publish_service"


def can_publish(user):
    return user.has_perm(PUBLISH)


def apply_roles(apps, complete=True):
    """Make (or bring up to date) the three groups; for migrations, which pass `apps`.

    An early migration runs before some models exist (complete=False): it gives what it
    can, and a later one completes the groups and checks every permission is there."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        found = [
            Permission.objects.filter(content_type__app_label=app, codename=codename).first()
            for app, codename in codes
        ]
        if complete and None in found:
            missing = [
                code for code, permission in zip(codes, found, strict=True) if permission is None
            ]
            raise LookupError(f"permissions missing for {name}: {missing}")
        group.permissions.set([permission for permission in found if permission])
