# Passerelle Commerce: every target bootstraps its own virtual environment.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-cluster bench validate console clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/passerelle run; else $(BIN)/passerelle console; fi

console: $(STAMP)
	$(BIN)/passerelle console

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The several-instances proof (about 1 min): PostgreSQL, two `passerelle run` in webhook mode, SIGKILL
test-cluster: $(STAMP)
	$(BIN)/python -m pytest -q -s -m cluster

# make bench SCALE=5M: the statistics also at 5 million interactions, with the growth from 1 M
bench: $(STAMP)
	SCALE=$(or $(SCALE),1M) $(BIN)/python -m bench

validate: $(STAMP)
	$(BIN)/passerelle validate

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
