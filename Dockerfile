# Production image: gunicorn behind your TLS proxy, WhiteNoise for static files,
# PostgreSQL through DATABASE_URL. Build: docker build -t localoffer .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango; the Noto fonts cover the scripts of the default languages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 localoffer
WORKDIR /app

# Dependencies first, from pyproject.toml, so code changes do not reinstall them: the main
# ones and the extras for several instances (s3: uploads and booklets in a bucket with
# DJANGO_S3_BUCKET; redis: a cache shared by every instance with CACHE_URL=redis://...).
COPY pyproject.toml ./
RUN python -c "import tomllib; project = tomllib.load(open('pyproject.toml', 'rb'))['project']; extras = project['optional-dependencies']; print('\\n'.join(project['dependencies'] + extras['s3'] + extras['redis']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code runs from /app (settings find templates/, static/ and translations/ here).
COPY manage.py README.md ./
COPY localoffer ./localoffer
COPY offers ./offers
COPY templates ./templates
COPY static ./static
COPY translations ./translations

# Build-time only values: the real ones come from the environment at run time.
RUN DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-0000 \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    sh -c "python manage.py compile_translations && python manage.py collectstatic --no-input -v0"

# Uploads and booklets are kept here when there is no bucket (DJANGO_S3_BUCKET unset):
# mount a volume on /app/media. Everything else in /app stays read-only to the site.
RUN mkdir -p /app/media && chown localoffer:localoffer /app/media

USER localoffer
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; host = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')[0]; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]
# --timeout outlasts a booklet render (DJANGO_BOOKLET_TIMEOUT_SECONDS, 60 by default).
CMD ["gunicorn", "localoffer.wsgi", "--chdir", "/app", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
