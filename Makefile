# The two commands: `make demo` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/putin-trump-dynamic.txt

.PHONY: demo test lint bench clean showcase

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,ray]'
	touch $@

demo: $(BIN)/.installed
	@mkdir -p out
	@# The scraped op-ed carries no date; it appeared in the week after the 28 Feb 2025 Oval Office meeting.
	$(BIN)/realpolitik analyze $(EXAMPLE) --published 2025-03-07 --focus Russia --store out/demo.duckdb --output out/putin-trump-dynamic.jsonl
	$(BIN)/realpolitik show --store out/demo.duckdb
	$(BIN)/realpolitik show --last --store out/demo.duckdb
	$(BIN)/realpolitik report --store out/demo.duckdb --focus Russia --format md --output out/report.md
	$(BIN)/realpolitik report --store out/demo.duckdb --focus Russia --format html --output out/report.html
	@echo "Document JSON: out/putin-trump-dynamic.jsonl   store: out/demo.duckdb   report: out/report.html (and .md)"

# The showcase linked from the README: the example's report, regenerated.
showcase: demo
	@mkdir -p docs
	cp out/report.html docs/example-report.html
	cp out/report.md docs/example-report.md

# pytest exits 5 when it collects no test: that is not a failure of the suite.
test: $(BIN)/.installed
	$(BIN)/python -m pytest -q -n 2 tests; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/actors.py
	$(BIN)/python benchmarks/events.py
	$(BIN)/python benchmarks/quotes.py
	$(BIN)/python benchmarks/stance.py
	$(BIN)/python benchmarks/polnear_store.py
	$(BIN)/python benchmarks/stories.py
	$(BIN)/python benchmarks/dynamics.py
	$(BIN)/python benchmarks/corpus.py
	$(BIN)/python benchmarks/dashboard.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/dedupe_index.py
	$(BIN)/python benchmarks/watch_demo.py
	$(BIN)/python benchmarks/robustness.py
	$(BIN)/python benchmarks/long_text.py --sizes 1

clean:
	rm -rf $(VENV) out .pytest_cache
