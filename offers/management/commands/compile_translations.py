"""Build the .mo files from the .po catalogues with polib.

Django's compilemessages needs GNU gettext installed on the machine; polib is a Python
package, so `make` can build the catalogues on any machine the project installs on.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every translations/<lang>/LC_MESSAGES/*.po into a .mo file."

    def handle(self, *args, **options):
        built = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as error:
                    raise CommandError(f"{po_path}: cannot read this catalogue: {error}") from error
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                built += 1
        self.stdout.write(f"Compiled {built} catalogues.")
