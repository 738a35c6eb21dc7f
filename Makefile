# One short command per task. `make run` and `make test` set everything up on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip -q --disable-pip-version-check

.PHONY: setup run test lint format eval bench bench-scale build

setup: $(VENV)/.installed

# torch is installed first and pinned: a loose requirement would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev]'
	touch $@

run: setup
	$(VENV)/bin/qa serve

build: setup
	$(VENV)/bin/qa build

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q -ra

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

eval: setup
	$(VENV)/bin/qa eval --compare

bench: setup
	$(PY) bench/run.py

bench-scale: setup
	OMP_NUM_THREADS=1 $(PY) bench/scale.py
