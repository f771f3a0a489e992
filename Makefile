# The commands of DESIGN.md "Local stack and make targets". Every target prints its progress.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup build images up down test test-unit test-integration test-calendar demo bench bench-peers lint format crds

help:
	@echo "make setup             install everything this project needs (idempotent, cached outside the repo)"
	@echo "make up / make down    start / stop the local stack (.local/env, .local/kubeconfig)"
	@echo "make test              setup, up, every test suite, down; ends with 'N passed, N failed'"
	@echo "make test-calendar     the suites that pick data from the portal, as if today were 1, 7, 30, 200 days later"
	@echo "make demo              the main job end to end on the local stack"
	@echo "make bench             the benchmarks, recorded in BENCHMARKS.md"
	@echo "make bench-peers       autoscaling side by side with KEDA (builds KEDA once into the cache; not part of make bench)"
	@echo "make images            the local node's images, built here (cached by content hash), imported into its containerd"
	@echo "make lint              type check, eslint (type-checked rules, import boundaries), prettier --check, shellcheck hack/"
	@echo "make format            prettier --write on the checked files, or on FILES=\"a.ts b.ts\""
	@echo "make crds              regenerate crds/, lib/crd/types.gen.ts, the chart CRDs and manifests/install from lib/crd"

setup:
	@bash hack/setup.sh

build:
	@echo "[build] compiling TypeScript"
	@npm run --silent build

# The CRD schemas in lib/crd are the source: regenerate crds/, the TypeScript types, the chart's copy of
# the CRDs and the plain manifests together (tests fail when any of them drifts).
crds: build
	@npm run --silent gen:crds
	@bash hack/gen-manifests.sh

images: build
	@bash hack/images.sh build

up: build
	@bash hack/up.sh

down:
	@bash hack/down.sh

# Fails on any finding. The compile of `build` is the type check.
lint: build
	@echo "[lint] eslint"
	@npm run --silent lint
	@echo "[lint] prettier --check"
	@npm run --silent format:check
	@echo "[lint] shellcheck hack/"
	@cd hack && shellcheck -x *.sh services/*.sh
	@echo "[lint] links in README.md and docs/"
	@node dist/hack/check-links.js
	@echo "[lint] no findings"

# FILES given: only those files; otherwise every TypeScript source.
format:
ifdef FILES
	@npm run --silent format -- --ignore-path .gitignore $(FILES)
else
	@npm run --silent format -- '**/*.{ts,tsx}'
endif

test-unit: build
	@npm run --silent test:unit

test-integration: build
	@npm run --silent test:integration

test:
	@bash hack/test.sh

test-calendar:
	@bash hack/test-calendar.sh

demo:
	@bash hack/demo.sh

bench:
	@bash hack/bench.sh

# Not part of make bench or make test: KEDA's first build takes many minutes on 2 cores.
bench-peers:
	@bash hack/bench-peers.sh
