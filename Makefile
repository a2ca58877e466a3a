# Two commands do all set-up on a fresh Debian machine with Python 3.11:
#   make run   - open Tracepair on the bundled sample (no display: render it to a PNG)
#   make test  - install what the tests need and run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEBS := xvfb xauth fonts-noto-cjk libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
        libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0

.PHONY: run test lint fuzz deps venv bundle clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the window and the tests need (Qt's xcb/EGL libraries, Xvfb, a CJK font).
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: $(STAMP) deps
	$(PY) -m tracepair.ui.shell.launch

lint: $(STAMP)
	$(VENV)/bin/ruff check desktop tests benchmarks packaging
	$(VENV)/bin/lint-imports

test: $(STAMP) deps lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -p no:cacheprovider
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1920x1200x24" $(VENV)/bin/pytest -q -p no:cacheprovider -m xvfb

# Fuzzing the inputs (loader, idiom and marker lists, each subcommand's input path) with the
# "fuzz" hypothesis profile: over 10,000 cases; prints the count and the time taken.
fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -p no:cacheprovider --hypothesis-profile=fuzz tests/test_fuzz_inputs.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# Onedir bundle in dist/tracepair/ (PyInstaller, packaging/tracepair.spec), then its self-test;
# see docs/packaging.md for the Windows and macOS installers.
bundle: $(STAMP) deps
	$(PY) packaging/build_bundle.py
