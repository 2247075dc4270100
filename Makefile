# `make` sets up and converts every reports/*.txt into out/; `make test` sets up and runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONVERT := $(BIN)/report-convert
STAMPS := .venv/.stamps
# Python caches compiled bytecode unless told not to; some sandboxes tell it not to,
# which makes every run compile the package again (about 30 ms a run).
unexport PYTHONDONTWRITEBYTECODE

# Debian packages: what building needs, and what the tests add (poppler, EPUBCheck, LibreOffice).
APT_BUILD := fontconfig fonts-noto-cjk fonts-cwtex-fs fonts-cwtex-kai fonts-arphic-ukai \
             fonts-arphic-uming fonts-lxgw-wenkai fonts-wqy-zenhei fonts-hanazono fonts-symbola
APT_TEST := poppler-utils default-jre-headless epubcheck libreoffice-writer-nogui
APT_BENCH := pandoc poppler-utils libreoffice-writer-nogui

# Script edition: keep (as the input), hans or hant; editions other than keep go to out/SCRIPT/.
SCRIPT ?= keep
OUT := $(if $(filter keep,$(SCRIPT)),out,out/$(SCRIPT))
FORMATS := xml txt docx pdf epub
STYLE ?= official

REPORTS := $(wildcard reports/*.txt)
NAMES := $(notdir $(basename $(REPORTS)))
CODE := $(shell find convert styles -type f -not -name '*.pyc' 2>/dev/null) pyproject.toml

.PHONY: all setup setup-test test clean bench $(FORMATS) epub-vertical
.DELETE_ON_ERROR:

all: $(foreach f,$(FORMATS),$(NAMES:%=$(OUT)/%.$(f)))

xml: $(NAMES:%=$(OUT)/%.xml)
txt: $(NAMES:%=$(OUT)/%.txt)
docx: $(NAMES:%=$(OUT)/%.docx)
pdf: $(NAMES:%=$(OUT)/%.pdf)
epub: $(NAMES:%=$(OUT)/%.epub)

setup: $(STAMPS)/apt-build $(STAMPS)/python
setup-test: setup $(STAMPS)/apt-test

$(STAMPS)/python: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); scripts/ensure-apt.sh python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-build: Makefile
	scripts/ensure-apt.sh $(APT_BUILD)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-bench: Makefile
	scripts/ensure-apt.sh $(APT_BENCH)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-test: Makefile
	scripts/ensure-apt.sh $(APT_TEST)
	@mkdir -p $(STAMPS) && touch $@

# The reader makes the model; every writer reads only the model.
$(OUT)/%.xml: reports/%.txt $(CODE) | setup
	$(CONVERT) $< -o $(OUT) --to xml --script $(SCRIPT)

$(OUT)/%.txt: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) $< -o $(OUT) --to txt

$(OUT)/%.docx: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) $< -o $(OUT) --to docx --style $(STYLE)

$(OUT)/%.pdf: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) $< -o $(OUT) --to pdf --style $(STYLE)

$(OUT)/%.epub: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) $< -o $(OUT) --to epub

# The vertical (直排) EPUB edition, in out/vertical/.
epub-vertical: $(NAMES:%=$(OUT)/vertical/%.epub)
$(OUT)/vertical/%.epub: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) $< -o $(OUT)/vertical --to epub --vertical

test: setup-test
	$(BIN)/python -m pytest -q

# Speed and memory figures, printed as tables (see README).
bench: setup $(STAMPS)/apt-bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/pdf_speed.py

clean:
	rm -rf out .cache
