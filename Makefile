# The two commands of the README, and a few helpers.
# The scripts sourced by the recipes (scripts/env.sh) are bash.
SHELL := /bin/bash

.PHONY: run test build build-debug fmt lint bench

run:            ## build in release mode and serve the national demo on :3000
	scripts/run.sh

test:           ## every test: domain, server (SQLite, PostgreSQL if configured), browser
	scripts/test.sh

build:
	scripts/setup.sh && scripts/build.sh release

build-debug:
	scripts/setup.sh && scripts/build.sh debug

fmt:
	cargo fmt --all

lint:
	. scripts/env.sh && cargo clippy -p app --features ssr --all-targets -- -D warnings && cargo clippy -p server --all-targets -- -D warnings && cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

bench:          ## time the status table on the national demo, the answers that must not reveal accounts, and the front end's weight and time to interactive (after make build)
	. scripts/env.sh && cargo bench -p server --bench report_table && cargo bench -p server --bench account_timing && cargo bench -p server --bench login_storm
	scripts/bundle_budget.sh
