# twowayd: the two commands in README.md do all set-up on a fresh Debian machine as root.
#   make run    builds and runs the daemon on its embedded defaults (SQLite, sandbox carrier)
#   make test   installs what the tests need, builds, and runs every test
SHELL := /bin/bash
SWIFT ?= swift
# What building and running needs; the tests need more (a browser, Python packages).
APT_PACKAGES := libsqlite3-dev libsystemd-dev systemd-container socat curl python3 util-linux
# PostgreSQL: the store conformance suite and the several-daemons tests start throwaway servers
# (Tests/tools/postgres.sh) as the postgres user in temporary directories.
TEST_APT_PACKAGES := chromium chromium-driver fonts-liberation python3-pip postgresql
# Test tools from PyPI: the browser driver, a metrics parser, a JWT library independent of the
# daemon's (app tokens) and the Standard Webhooks reference library (signed event webhooks).
PYPI_PACKAGES := selenium prometheus-client pyjwt cryptography standardwebhooks
STATE ?= $(CURDIR)/.twowayd-state
# The Swift test suites that start a throwaway PostgreSQL server (run in a test process of their own).
POSTGRES_SUITES := TextingStoreTests|TextingStorePostgresTests|StoreCopyTests
# Seconds of fuzzing per target (7 targets): bounded in `make test`; `make fuzz FUZZ_SECONDS=600` runs longer.
FUZZ_SECONDS ?= 8

.PHONY: setup test-setup build run test unit-test systemd-test fuzz install clean deb

## Installs the Debian packages the build needs (skipped when present).
setup:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

## And what the tests need: headless Chromium and its driver, and the PyPI test tools.
test-setup: setup
	@missing=$$(for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@python3 -c "import selenium, prometheus_client, jwt, cryptography, standardwebhooks" 2>/dev/null || { echo "installing: $(PYPI_PACKAGES) (PyPI)"; \
	  python3 -m pip install --quiet --root-user-action=ignore $(PYPI_PACKAGES) 2>/dev/null \
	  || python3 -m pip install --quiet --root-user-action=ignore --break-system-packages $(PYPI_PACKAGES); }

build: setup
	$(SWIFT) build --product twowayd
	$(SWIFT) build --product twowayctl

## Runs the daemon in the foreground with a state directory under the checkout.
run: setup
	$(SWIFT) build -c release --product twowayd
	mkdir -p "$(STATE)"
	TWOWAYD_STATE_DIRECTORY="$(STATE)" .build/release/twowayd

## Every test: unit and scenario tests, unit checks, the daemon under a real systemd, a
## connection flood (Tests/hardening/flood.py), the Prometheus metrics after a known workload
## (Tests/metrics/metrics_test.py), the platform's doors: signed event webhooks
## (Tests/webhooks), the platform API and quiet hours (Tests/platform), the app API with
## PyJWT-minted tokens (Tests/app), the one text about unread app messages (Tests/channel),
## the web inbox in headless Chromium
## (Tests/browser/inbox_test.py), three daemons on one PostgreSQL and a kill -9 fault test under
## load (Tests/postgres), a few kill -9 cycles (Tests/crash/kill9.sh --quick) and a
## bounded fuzz run of the parsers. The Swift
## Testing summary is the closing line.
test: test-setup
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory systemd-test
	bash Tests/control/e2e.sh "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/hardening/flood.py "$$($(SWIFT) build --show-bin-path)"
	@# The fuzz harness's release build, the longest build here, runs at low priority beside the
	@# tests below, which mostly wait on timers and daemons; `make fuzz` then finds it built
	@# (SwiftPM's lock makes it wait for the build if it is still running).
	mkdir -p .build && (nice -n 15 bash Tests/fuzz/run.sh --build-only > .build/fuzz-prebuild.log 2>&1 &)
	python3 Tests/metrics/metrics_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/webhooks/event_webhooks_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/platform/platform_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/app/app_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/channel/unread_app_text_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/browser/inbox_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/postgres/multi_daemon_test.py "$$($(SWIFT) build --show-bin-path)"
	python3 Tests/postgres/fault_test.py "$$($(SWIFT) build --show-bin-path)"
	bash Tests/crash/kill9.sh --quick
	$(MAKE) --no-print-directory fuzz
	@# Two runs: the suites that start a PostgreSQL server (its scripts run through posix_spawn)
	@# apart from those that run twowayd through Foundation's Process, whose exit monitoring then
	@# missed a child's exit and spun (seen 2026-12-07; Docs/performance.md, "What is left").
	$(SWIFT) test --skip-build --disable-xctest --skip '$(POSTGRES_SUITES)'
	$(SWIFT) test --skip-build --disable-xctest --filter '$(POSTGRES_SUITES)'

unit-test: test-setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest --skip '$(POSTGRES_SUITES)'
	$(SWIFT) test --skip-build --disable-xctest --filter '$(POSTGRES_SUITES)'

systemd-test: test-setup
	$(SWIFT) build --product twowayd
	$(SWIFT) build --product twowayctl
	bash Tests/systemd/verify-units.sh "$$($(SWIFT) build --show-bin-path)/twowayd"
	bash Tests/systemd/container-test.sh "$$($(SWIFT) build --show-bin-path)/twowayd" "$$($(SWIFT) build --show-bin-path)/twowayctl"
	bash Tests/systemd/operations-test.sh "$$($(SWIFT) build --show-bin-path)/twowayd" "$$($(SWIFT) build --show-bin-path)/twowayctl"
	bash Tests/systemd/deb-test.sh

## libFuzzer over the webhook form parser, phone numbers, the control protocol, the
## configuration loader, the directory CSV, the webhook routes end to end and the HTTP request
## framing (Tests/fuzz/run.sh): FUZZ_SECONDS per target.
fuzz: setup
	SWIFT="$(SWIFT)" bash Tests/fuzz/run.sh --seconds $(FUZZ_SECONDS)

## Installs binaries, units, default configuration, man pages and completions like a package.
install: setup
	$(SWIFT) build -c release --product twowayd
	$(SWIFT) build -c release --product twowayctl
	rm -rf .build/man && mkdir -p .build/man
	$(SWIFT) package --allow-writing-to-directory .build/man generate-manual --multi-page --output-directory .build/man
	bash scripts/install.sh --binary .build/release/twowayd --ctl .build/release/twowayctl --man .build/man

clean:
	rm -rf .build .build-* Tests/fuzz/.build "$(STATE)"

## Builds the Debian package out/deb/twowayd_<version>_<arch>.deb from release binaries
## (scripts/build-deb.sh; fails when lintian reports an error).
deb: setup
	bash scripts/build-deb.sh
