# Qira'a: `make run` serves the site with the demo corpus; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
DEV := DJANGO_DEBUG=true

.PHONY: run test lint format bench setup clean fonts

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_seeds
	$(DEV) $(BIN)/python manage.py load_seed_annotations
	$(DEV) $(BIN)/python manage.py create_local_editor --host $(HOST)

run: setup
	@echo "Serving Qira'a on http://$(HOST)/"
	$(DEV) $(BIN)/python manage.py runserver $(HOST)

test: $(BIN)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Prints ratios measured in one run; bench/search.py builds 200,000 paragraphs
# on PostgreSQL and on SQLite (a few minutes). Set BENCH_ARGS="--paragraphs 20000" for a quick look.
# bench/export.py exports and re-imports 110,000 annotations on PostgreSQL: about six minutes.
# bench/load.py serves the site under gunicorn and drives it with wrk (Debian's wrk; redis-server
# for its Redis column); bench/editor_in_chromium.py needs /usr/bin/chromium.
bench: $(BIN)/.installed
	$(BIN)/python bench/load.py
	$(BIN)/python bench/search.py $(BENCH_ARGS)
	$(BIN)/python bench/reading_page.py
	$(BIN)/python bench/editor_in_chromium.py
	$(BIN)/python bench/archive_growth.py
	$(BIN)/python bench/reanchoring.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/concurrency.py
	$(BIN)/python bench/suggestions.py

# Rebuilds static/fonts (the WOFF2 subsets and fonts.css) from Debian's fonts-noto-core.
fonts: $(BIN)/.installed
	$(BIN)/python static/fonts/build.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache var/cache
