# The two commands: `make run` and `make test`. Both set everything up from a fresh clone.
PYTHON_BIN ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
STAMP      := $(VENV)/.installed
HOST       ?= 127.0.0.1:8000

.PHONY: run test lint test-postgres bench bench-graphql bench-complaints bench-matching venv migrate seed messages schema clean krds graphiql tomselect

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput

seed: migrate
	DEBUG=1 $(PY) manage.py seed_demo

run: seed
	DEBUG=1 $(PY) manage.py runserver $(HOST)

test: venv
	mkdir -p var
	$(PY) -m pytest

# ruff (lint and format, configured in pyproject.toml) and no model change without its migration.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The same suite against PostgreSQL (DATABASE_URL must point at it; .ci/run sets it).
test-postgres: venv
	$(PY) -m pytest

bench: venv
	$(PY) bench/run.py

# Needs PostgreSQL on 127.0.0.1:5432 (user postgres); creates tracker_complaints_bench.
bench-complaints: venv
	$(PY) bench/complaints_load.py
bench-graphql: venv
	$(PY) bench/graphql_api.py
# Hit rates on the labelled set (SQLite scratch) and the similar endpoint at 100,000 barriers.
bench-matching: venv
	$(PY) bench/matching.py

# The committed GraphQL schema (api/schema.graphql), checked by tests/test_graphql_schema.py.
schema: venv
	DEBUG=1 $(PY) manage.py graphql_schema --schema api.schema.schema --out api/schema.graphql

# One Korean catalogue (barriers/locale); no source locations, so that branches merge cleanly.
messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l ko --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=node_modules
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var

# KRDS (the government design system, npm krds-uiux, ISC) vendored into static files: the files
# are committed, so a clone needs no npm; this target refreshes them from the registry. The CSS
# names its icons by absolute krds.go.kr URLs: they are rewritten to the vendored copies.
KRDS_VERSION ?= 1.1.0
KRDS_DIR     := barriers/static/krds
krds:
	rm -rf var/npm-krds && mkdir -p var/npm-krds
	cd var/npm-krds && npm pack --silent krds-uiux@$(KRDS_VERSION) >/dev/null && tar xzf krds-uiux-$(KRDS_VERSION).tgz
	rm -rf $(KRDS_DIR)/css $(KRDS_DIR)/fonts $(KRDS_DIR)/img
	mkdir -p $(KRDS_DIR)/css $(KRDS_DIR)/fonts $(KRDS_DIR)/img/component
	# Swiper's icon font is a data: URI the CSP (font-src self) refuses, and no page uses a carousel.
	sed -e 's#https://www.krds.go.kr/resources/#../#g' -e 's#@font-face{font-family:swiper-icons;[^}]*}##' \
	  var/npm-krds/package/resources/cdn/krds.min.css > $(KRDS_DIR)/css/krds.min.css
	! grep -o 'https\?://[^)]*' $(KRDS_DIR)/css/krds.min.css
	cp var/npm-krds/package/resources/fonts/*.woff2 $(KRDS_DIR)/fonts/
	cp -r var/npm-krds/package/resources/img/component/icon var/npm-krds/package/resources/img/component/favicon $(KRDS_DIR)/img/component/
	cp var/npm-krds/package/README.md $(KRDS_DIR)/README.krds.md
	echo "krds-uiux $(KRDS_VERSION) (npm, licence ISC; see LICENSE.txt)" > $(KRDS_DIR)/VERSION
	rm -rf var/npm-krds

# tom-select (npm, Apache-2.0), the searchable picker over plain <select>s (static/tracker/pickers.js),
# vendored like KRDS: committed files, refreshed from the registry by this target. Source-map
# comments go (the maps are not vendored, and the manifest storage would look for them).
TOMSELECT_VERSION ?= 2.6.2
TOMSELECT_DIR     := barriers/static/tomselect
tomselect:
	rm -rf var/npm-tomselect && mkdir -p var/npm-tomselect $(TOMSELECT_DIR)
	cd var/npm-tomselect && npm pack --silent tom-select@$(TOMSELECT_VERSION) >/dev/null && tar xzf tom-select-$(TOMSELECT_VERSION).tgz
	sed '/sourceMappingURL=/d' var/npm-tomselect/package/dist/js/tom-select.complete.min.js > $(TOMSELECT_DIR)/tom-select.complete.min.js
	sed '/sourceMappingURL=/d' var/npm-tomselect/package/dist/css/tom-select.default.min.css > $(TOMSELECT_DIR)/tom-select.default.min.css
	cp var/npm-tomselect/package/LICENSE $(TOMSELECT_DIR)/LICENSE.txt
	echo "tom-select $(TOMSELECT_VERSION) (npm, licence Apache-2.0; see LICENSE.txt)" > $(TOMSELECT_DIR)/VERSION
	rm -rf var/npm-tomselect

# GraphiQL (/graphql/ in a signed-in browser) from vendored files, never a CDN: npm graphiql,
# react and react-dom, pinned. GraphiQL 5 ships only ES modules (it needs a bundler) and React 19
# no UMD builds: these are the last versions that run from plain <script> tags. The files are
# committed; this target refreshes them. Source maps are left out (and their comments removed, or
# collectstatic's manifest would look for them).
GRAPHIQL_VERSION ?= 3.9.0
REACT_VERSION    ?= 18.3.1
GRAPHIQL_DIR     := api/static/graphiql
graphiql:
	rm -rf var/npm-graphiql && mkdir -p var/npm-graphiql
	cd var/npm-graphiql && npm pack --silent graphiql@$(GRAPHIQL_VERSION) react@$(REACT_VERSION) react-dom@$(REACT_VERSION) >/dev/null \
	  && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	rm -rf $(GRAPHIQL_DIR) && mkdir -p $(GRAPHIQL_DIR)
	sed -e '/sourceMappingURL=/d' var/npm-graphiql/graphiql-$(GRAPHIQL_VERSION)/package/graphiql.min.js > $(GRAPHIQL_DIR)/graphiql.min.js
	sed -e 's#/\*\# sourceMappingURL=[^*]*\*/##' var/npm-graphiql/graphiql-$(GRAPHIQL_VERSION)/package/graphiql.min.css > $(GRAPHIQL_DIR)/graphiql.min.css
	sed -e '/sourceMappingURL=/d' var/npm-graphiql/react-$(REACT_VERSION)/package/umd/react.production.min.js > $(GRAPHIQL_DIR)/react.production.min.js
	sed -e '/sourceMappingURL=/d' var/npm-graphiql/react-dom-$(REACT_VERSION)/package/umd/react-dom.production.min.js > $(GRAPHIQL_DIR)/react-dom.production.min.js
	! grep -l 'sourceMappingURL' $(GRAPHIQL_DIR)/*
	cp var/npm-graphiql/graphiql-$(GRAPHIQL_VERSION)/package/LICENSE $(GRAPHIQL_DIR)/LICENSE.graphiql
	cp var/npm-graphiql/react-$(REACT_VERSION)/package/LICENSE $(GRAPHIQL_DIR)/LICENSE.react
	printf 'graphiql %s, react %s, react-dom %s (npm; licences MIT, see LICENSE.*)\n' $(GRAPHIQL_VERSION) $(REACT_VERSION) $(REACT_VERSION) > $(GRAPHIQL_DIR)/VERSION
	rm -rf var/npm-graphiql
