# A fresh machine needs two commands: `make briefing` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: briefing test check bench models clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# make briefing ENGINE=deepl OUT=outputs FORMAT=docx,pdf (all optional)
briefing: $(STAMP)
	$(BIN)/pipeline run $(if $(ENGINE),--engine $(ENGINE)) $(if $(OUT),--out $(OUT)) $(if $(FORMAT),--format $(FORMAT))

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check pipeline tests bench tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

models: $(STAMP)
	$(BIN)/pipeline models download

clean:
	rm -rf $(VENV) .pipeline build *.egg-info
