# bridge: `make run` starts the app, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE_DIR := .cache/axe
AXE := $(AXE_DIR)/node_modules/axe-core/axe.min.js

.PHONY: run test lint format bench clean axe screenshot

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# axe-core (npm) for the browser tests' accessibility checks. Allowed to fail: offline or
# without npm, those tests skip and say why.
axe:
	-test -f $(AXE) || npm install --no-save --no-audit --no-fund --fetch-retries=1 \
		--fetch-timeout=60000 --prefix $(AXE_DIR) axe-core@4

test: lint axe
	$(BIN)/python -m pytest

# docs/find-resources.png, taken in Debian's Chromium like the browser tests.
screenshot: $(STAMP)
	$(BIN)/python tests/browser/screenshot.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache
