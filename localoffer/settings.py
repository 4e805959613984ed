"""The one settings module, read from environment variables and secure by default.

DEBUG is off unless DJANGO_DEBUG asks for it. Without DEBUG the site refuses to start
unless it has a real DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, so a misconfigured
production server fails at once instead of running insecurely.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
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
#: The demo (`make run`): example content, and staff accounts anyone may use.
DEMO = env_bool("DJANGO_DEMO")

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "offers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise and the page cache, so every response carries them.
    "offers.security_headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "offers.request_checks.RequestChecksMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before GZip, so a cached page is stored (and served) already compressed.
    "offers.page_cache.PageCacheMiddleware",
    "offers.compression.GZipPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
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
# PostgreSQL connections come from a pool in each process (psycopg_pool), so a request
# never waits for a new connection; Django then wants no persistent connections of its own.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DATABASE_POOL", True):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "4")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff sign-in. Repeated wrong passwords lock that name out from that address (django-axes);
# every staff account needs a one-time code from an authenticator app (django-otp, TOTP),
# optional only in the demo; a session ends after a period without activity.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_SIGNIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "offers.client_ip.client_ip"
AXES_VERBOSE = False  # sign-in events are logged once, by offers.signin_log
REQUIRE_TWO_FACTOR = env_bool("DJANGO_REQUIRE_TWO_FACTOR", not DEMO)
OTP_TOTP_ISSUER = os.environ.get("DJANGO_TWO_FACTOR_ISSUER", "Local offer staff")
SESSION_ENGINE = "offers.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # so the age counts from the last request, not sign-in
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
#: Where the staff area lives; another path keeps it out of casual scans.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"
#: How many proxies in front of the site append to X-Forwarded-For (offers/client_ip.py).
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))

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
# Media and booklets: files on this server, or S3-compatible object storage shared by
# every instance (django-storages; credentials from the usual AWS_* variables).
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("DJANGO_S3_REGION") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
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


def cache_from_url(url, name):
    """CACHE_URL: locmem:// (one process; the default), redis://host:6379/0 (shared by
    every instance: pages, rate limits, sign-in and booklet locks), or dummy://."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": name,
        }
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": name,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must be locmem://, redis://... or dummy://, not {url!r}."
    )


CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {name: cache_from_url(CACHE_URL, name) for name in ("default", "pages")}
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
#: The largest file staff may upload (a logo, a document); offers/uploads.py checks it.
UPLOAD_MAX_BYTES = int(os.environ.get("DJANGO_UPLOAD_MAX_MB", "10")) * 2**20
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
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    # The header a TLS-terminating proxy sets, and the value that means https.
    SECURE_PROXY_SSL_HEADER = (
        os.environ.get("DJANGO_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO"),
        os.environ.get("DJANGO_PROXY_SSL_VALUE", "https"),
    )
# No inline script or style anywhere, no framing, forms post only here (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# One line per event: JSON (for a log service) unless DJANGO_LOG_FORMAT=text.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Booklet rendering reports every page it lays out at INFO; only problems matter here.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
