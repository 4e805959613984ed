# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# make run serves the demo as production would (DEBUG off, WhiteNoise, gunicorn), but on
# plain http on this machine only, so the cookie and HTTPS settings are relaxed.
DEMO_ENV := DJANGO_SECRET_KEY="$$(cat .demo-secret-key)" DJANGO_DEMO=true \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0

.PHONY: install run dev test lint format bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --editable ".[test]"
	touch $@

install: $(VENV)/.installed
	DJANGO_DEBUG=true $(PY) manage.py compile_translations

.demo-secret-key:
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install .demo-secret-key
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py load_demo_offer --create-staff
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Serving the demo offer on http://127.0.0.1:$(PORT)/ ; staff sign in at http://127.0.0.1:$(PORT)/admin/ with the demo account printed above."
	$(DEMO_ENV) $(VENV)/bin/gunicorn localoffer.wsgi --bind 127.0.0.1:$(PORT) --workers 2 \
		--timeout 120 --access-logfile -

# For developers: Django's own server, reloading on every change, with DEBUG on.
dev: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_demo_offer --create-staff
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
	find translations -name '*.mo' -delete

# Prints figures measured in one run on this machine; never a pass or fail on time.
bench: install
	$(PY) -m tests.bench $(BENCH_ARGS)
