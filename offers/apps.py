from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Local offer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from offers import signals, signin_log
        from offers.languages import register_extra_languages

        register_extra_languages()
        signals.connect()
        signin_log.connect()
