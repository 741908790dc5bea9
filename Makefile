# Every target is a thin alias of `python -m pipeline <verb>`; `make help` lists them.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The oldest supported versions (constraints-oldest.txt) in their own venv, for a second, smaller run.
OLDEST       ?= .venv-oldest
OLDEST_STAMP := $(OLDEST)/.installed-stamp
OLDEST_TESTS := tests/test_versions.py tests/test_storage_version.py tests/test_models.py \
                tests/test_country_models.py tests/test_self_contained.py $(wildcard tests/test_source_*.py)
export GX_ANALYTICS_ENABLED := False
export MPLBACKEND := Agg
# The build's "today" (YYYY-MM-DD) for date rules, treaty status and deadlines; empty = today.
# make report LANDMINE_AS_OF=2025-12-01 rebuilds the world as it stood on that day.
LANDMINE_AS_OF ?=
export LANDMINE_AS_OF

.DEFAULT_GOAL := help
.PHONY: help setup report build validate ingest sources plan test test-oldest notebook lab clean refresh profile bench coverage site check diff

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project (done by the other targets when needed)

$(OLDEST_STAMP): pyproject.toml constraints-oldest.txt
	@test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints-oldest.txt -e . pytest pytest-xdist
	@touch $@

report: $(STAMP) ## ingest, validate, build the warehouse and write reports/ (pipeline all)
	$(PY) -m pipeline all

build: $(STAMP) ## ingest, validate and build data/processed/landmine.duckdb (pipeline build)
	$(PY) -m pipeline build

validate: $(STAMP) ## run the Great Expectations suites on data/raw/ (pipeline validate)
	$(PY) -m pipeline validate

ingest: $(STAMP) ## check raw files against the manifest and read them (pipeline ingest)
	$(PY) -m pipeline ingest

sources: $(STAMP) ## list the declared sources and their raw files (pipeline sources)
	$(PY) -m pipeline sources

plan: $(STAMP) ## print sources -> models -> reports without running anything (pipeline plan)
	$(PY) -m pipeline plan

refresh: $(STAMP) ## fetch sources with a download_url, validate, then replace; check watched pages (pipeline refresh)
	$(PY) -m pipeline refresh

check: $(STAMP) ## data checks of the built warehouse: contracts, expression tests, reconciliation, cross-checks (pipeline check)
	$(PY) -m pipeline check

# The warehouse last published (the site's copy); `make diff PUBLISHED=path/to/landmine.duckdb` compares another.
PUBLISHED ?= site/landmine.duckdb

diff: $(STAMP) ## what the built warehouse changes against the published one, as Markdown (pipeline diff PUBLISHED NEW)
	$(PY) -m pipeline diff $(PUBLISHED) data/processed/landmine.duckdb $(if $(DIFF_OUTPUT),--output $(DIFF_OUTPUT))

test: $(STAMP) $(OLDEST_STAMP) ## run the test suite on every core (current versions), then the oldest-versions run; prints its wall time
	@start=$$(date +%s); \
	$(PY) -m pytest -q -n auto --dist loadfile && $(MAKE) --no-print-directory test-oldest; rc=$$?; \
	t=$$(( $$(date +%s) - start )); \
	printf 'make test: %dm %02ds wall, both runs (venv installs before them not counted)\n' $$((t / 60)) $$((t % 60)); \
	exit $$rc

test-oldest: $(STAMP) $(OLDEST_STAMP) ## validation and model tests on the oldest supported pandas/DuckDB/GX
	LANDMINE_OLDEST=1 LANDMINE_BUILD_PYTHON=$(abspath $(PY)) $(OLDEST)/bin/python -m pytest -q -n auto --dist loadfile $(OLDEST_TESTS)

bench: $(STAMP) ## benchmark the build (full, no-op) and casualty records at 1M and 10M rows (slow; not in make test)
	$(PY) -m pipeline bench

notebook: $(STAMP) ## write notebooks/*.ipynb from their paired .py files, to open in Jupyter
	$(VENV)/bin/jupytext --to ipynb --update notebooks/*.py

lab: $(STAMP) ## open JupyterLab on notebooks/ (installs the [lab] extra; .py notebooks open as notebooks)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,lab]'
	install -D -m 644 notebooks/.jupyter/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

site: $(STAMP) ## write the static site (report, downloads, warehouse, SHA256SUMS) into site/; after make report (pipeline site)
	$(PY) -m pipeline site

coverage: $(STAMP) ## per dataset and measure: years with a figure, by kind of source, and years missing (pipeline coverage)
	$(PY) -m pipeline coverage

profile: $(STAMP) ## render a country profile into reports/profiles/: make profile COUNTRY=UKR
	$(PY) -m pipeline profile "$(COUNTRY)"

clean: ## remove generated files (data/processed/, data/interim/, reports/, site/); keeps .venv
	find data/processed reports -mindepth 1 ! -name .gitkeep ! -name '*.lock' -delete
	rm -rf data/interim site
