# strengthsapp: `make run` serves the app, `make test` runs every test.
# Both install what they need first (virtualenv, pinned packages, bun, and for tests Chromium).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
BUN := .tools/node_modules/.bin/bun
PORT ?= 3000
PUBLIC_URL ?= http://127.0.0.1:$(PORT)
CHROMIUM := /usr/bin/chromium
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
PDFTOPPM := /usr/bin/pdftoppm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := 0
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)

.PHONY: run worker test lint deps browser secrets catalogs clean help

help:
	@echo "make run    - install, migrate, load demo data, serve on $(PUBLIC_URL)"
	@echo "make test   - install (with Chromium) and run the whole test suite"
	@echo "make worker - the nudge worker alone (make run already starts one)"
	@echo "make lint   - ruff (lint and format) and mypy on domain/ and services/"
	@echo "make catalogs - extract the messages, update each language's .po, compile them"

run: export PUBLIC_URL := $(PUBLIC_URL)
run: export PORT := $(PORT)
run: deps
	$(PY) -m strengthsapp.manage run

# The nudge worker on its own (`make run` starts one beside the app; an agency runs one or
# more next to its app workers, with PostgreSQL).
worker: deps
	$(PY) -m strengthsapp.worker

test: deps browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Translations (strengthsapp/i18n): every message of the code into messages.pot, each
# language's .po updated from it (translate the new and fuzzy entries there), the .po files
# compiled (.mo, for the server) and the screens' catalog written (components/words_catalog.js).
I18N := strengthsapp/i18n
catalogs: deps
	$(VENV)/bin/pybabel extract -F $(I18N)/babel.cfg --no-default-keywords -k _ -k gettext -k N_ \
		-k ngettext:1,2 -k t -k tn:1,2 -k tr -k trn:1,2 --add-location=file --sort-by-file --no-wrap \
		--omit-header -o $(I18N)/messages.pot .
	$(VENV)/bin/pybabel update -i $(I18N)/messages.pot -d $(I18N)/locales -D messages --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d $(I18N)/locales -D messages --statistics
	$(PY) -m strengthsapp.i18n.build

secrets: deps
	@$(PY) -m strengthsapp.manage secrets

deps: $(VENV)/.deps-installed $(BUN)

$(VENV)/.deps-installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "strengthsapp: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 2; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(BUN): .tools/package.json .tools/package-lock.json
	@command -v npm >/dev/null || { echo "strengthsapp: npm not found; install Node.js 20+ (apt-get install nodejs npm)"; exit 2; }
	cd .tools && npm ci --no-audit --no-fund --loglevel=error
	$(BUN) --version >/dev/null
	touch $@

browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -f $(EMOJI_FONT) ] || [ ! -x $(PDFTOPPM) ]; then \
		echo "Installing Debian chromium (browser tests) and poppler-utils (the printed plan's test)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-color-emoji poppler-utils >/dev/null; \
	fi

clean:
	rm -rf .web tests/artifacts
