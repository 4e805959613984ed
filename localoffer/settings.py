"""The one settings module, read from environment variables and secure by default.

DEBUG is off unless DJANGO_DEBUG asks for it. Without DEBUG the site refuses to start
unless it has a real DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, so a misconfigured
production server fails at once instead of running insecurely.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string) or, on a developer machine only, "
            "DJANGO_DEBUG=true."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"  # noqa: S105
elif len(SECRET_KEY) < 40 and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 40 characters long.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set DJANGO_ALLOWED_HOSTS to the site's host names, comma separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin integration is used.
    "modeltranslation",
    "offers.admin_site.OfferAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "offers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before GZip, so a cached page is stored (and served) already compressed.
    "offers.page_cache.PageCacheMiddleware",
    "offers.compression.GZipPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "localoffer.urls"
WSGI_APPLICATION = "localoffer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "offers.context_processors.offer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. English is the source language; the others are the default set from
# DESIGN.md. A council changes the list with DJANGO_LANGUAGES, then runs makemigrations
# and migrate so every translatable field gets a column for the new language (README).
LANGUAGE_NAMES = {
    "en": _("English"),
    "ar": _("Arabic"),
    "fa": _("Dari / Farsi"),
    "ps": _("Pashto"),
    "ckb": _("Kurdish (Sorani)"),
    "ti": _("Tigrinya"),
}
LANGUAGE_CODE = "en"
LANGUAGES = [
    (
        code,
        LANGUAGE_NAMES[code]
        if code in LANGUAGE_NAMES
        else LANG_INFO.get(code, {}).get("name", code),
    )
    for code in env_list("DJANGO_LANGUAGES", "en,ar,fa,ps,ckb,ti")
]
if LANGUAGES[0][0] != LANGUAGE_CODE:
    raise ImproperlyConfigured("DJANGO_LANGUAGES must start with en, the source language.")
# Django's own list lacks Pashto, which is written right to left.
LANGUAGES_BIDI = ["ar", "fa", "ps", "ckb", "ur", "he"]
LOCALE_PATHS = [BASE_DIR / "translations"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 0 if DEBUG else 31536000

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Whole public pages are cached until the content changes (offers/page_cache.py).
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "86400"))
PAGE_CACHE_RECHECK_SECONDS = float(os.environ.get("DJANGO_PAGE_CACHE_RECHECK_SECONDS", "1"))
# Booklets: made within these bounds, then kept in storage (offers/booklets/).
BOOKLET_TIMEOUT_SECONDS = int(os.environ.get("DJANGO_BOOKLET_TIMEOUT_SECONDS", "60"))
BOOKLET_MEMORY_BYTES = int(os.environ.get("DJANGO_BOOKLET_MEMORY_MB", "1536")) * 2**20
#: New booklets (not yet in storage) one address may have made per hour.
BOOKLET_RENDERS_PER_HOUR = int(os.environ.get("DJANGO_BOOKLET_RENDERS_PER_HOUR", "20"))
#: Feedback messages one address may send per hour.
FEEDBACK_PER_HOUR = int(os.environ.get("DJANGO_FEEDBACK_PER_HOUR", "10"))
#: The public address of the site, printed in booklets and behind their QR codes.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "https://localoffer.example").rstrip("/")

# Part of every cache key, so a new release never serves pages an old one rendered.
RELEASE = os.environ.get("DJANGO_RELEASE", "dev")

# Security: on unless DEBUG. A proxy that terminates TLS must say so explicitly.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", SECURE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Booklet rendering reports every page it lays out at INFO; only problems matter here.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
