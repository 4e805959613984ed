"""Who may do what in the staff area. The groups are made by a migration from ROLES, so
every installation has the same three, and this is the one place that says what they are.

- Editors write and change drafts (services not yet public, with their easy-read
  sentences) and can see everything else.
- Publishers also make content public or take it down, edit what is public (areas,
  contacts, glossary, the offer settings, published services) and import translations.
- Administrators also manage staff accounts.
"""

# Group names are stored in the database, in English, like Django's own permission names.
EDITORS = "Editors"
PUBLISHERS = "Publishers"
ADMINISTRATORS = "Administrators"

CONTENT = ["area", "service", "contact", "glossaryterm", "easyreadsentence", "offersettings"]
VIEW_CONTENT = [("offers", f"view_{model}") for model in CONTENT]
EDITOR = [
    *VIEW_CONTENT,
    ("offers", "add_service"),
    ("offers", "change_service"),
    *[("offers", f"{action}_easyreadsentence") for action in ("add", "change", "delete")],
]
PUBLISHER = [
    *EDITOR,
    ("offers", "publish_service"),
    ("offers", "delete_service"),
    ("offers", "change_area"),
    ("offers", "change_offersettings"),
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
