# bridge: `make run` starts the app, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BYTECODE := $(VENV)/.compiled
CODE := app.py $(shell find bridge ui -name '*.py')
AXE_DIR := .cache/axe
AXE := $(AXE_DIR)/node_modules/axe-core/axe.min.js
# Where `make run` listens: this machine only, unless told otherwise (ADDRESS=0.0.0.0).
ADDRESS ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test lint format bench clean axe screenshot lock

# The environment is the lock file's exact versions, then bridge itself on top of them.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# bridge's own modules byte-compiled once per change, as pip does for an installed wheel:
# an editable install does not, and where PYTHONDONTWRITEBYTECODE is set (as in many
# containers) every command would compile them again (about 40 ms a start).
$(BYTECODE): $(STAMP) $(CODE)
	$(BIN)/python -m compileall -q app.py bridge ui
	touch $(BYTECODE)

run: $(BYTECODE)
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

# Style, spelling and YAML (pre-commit), the layers (import-linter) and the types (mypy).
lint: $(STAMP)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# axe-core (npm) for the browser tests' accessibility checks. Allowed to fail: offline or
# without npm, those tests skip and say why.
axe:
	-test -f $(AXE) || npm install --no-save --no-audit --no-fund --fetch-retries=1 \
		--fetch-timeout=60000 --prefix $(AXE_DIR) axe-core@4

# One pytest worker per CPU (pytest-xdist), an idle one taking tests queued for the other;
# `pytest` alone runs the suite in one process.
test: lint axe $(BYTECODE)
	$(BIN)/python -m pytest -n auto --dist worksteal

# docs/*.png, taken in Debian's Chromium like the browser tests.
screenshot: $(STAMP)
	$(BIN)/python tests/browser/screenshot.py

bench: $(BYTECODE)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[bench]'
	$(BIN)/python -m bench
	$(BIN)/python -m bench.tags

# A new lock after a change of dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .cache
