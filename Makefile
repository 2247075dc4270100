# `make` sets up and converts every report in reports/ into out/; `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONVERT := $(BIN)/report-convert
STAMPS := .venv/.stamps
# Python caches compiled bytecode unless told not to; some sandboxes tell it not to,
# which makes every run compile the package again (about 30 ms a run).
unexport PYTHONDONTWRITEBYTECODE

# Debian packages: what building needs, and what the tests add (poppler, EPUBCheck, LibreOffice, Chromium).
APT_BUILD := fontconfig libcairo2 fonts-noto-cjk fonts-cwtex-fs fonts-cwtex-kai fonts-arphic-ukai \
             fonts-arphic-uming fonts-lxgw-wenkai fonts-wqy-zenhei fonts-hanazono fonts-symbola
APT_TEST := poppler-utils default-jre-headless epubcheck libreoffice-writer-nogui chromium chromium-driver
APT_BENCH := pandoc poppler-utils libreoffice-writer-nogui

# Script edition: keep (as the input), hans or hant; editions other than keep go to out/SCRIPT/.
SCRIPT ?= keep
OUT := $(if $(filter keep,$(SCRIPT)),out,out/$(SCRIPT))
FORMATS := xml txt docx pdf epub ofd
STYLE ?= official

# The extensions of the reports `make` converts: scraped text, saved web pages, Word files.
INPUT_EXTS := txt html docx
REPORTS := $(foreach ext,$(INPUT_EXTS),$(wildcard reports/*.$(ext)))
NAMES := $(notdir $(basename $(REPORTS)))
CODE := $(shell find convert styles -type f -not -name '*.pyc' 2>/dev/null) pyproject.toml

# The goals that convert nothing; any other goal (none means `all`) converts.
NOT_CONVERTING := setup setup-test test golden bench clean distclean help roundtrip serve
CONVERTING := $(filter-out $(NOT_CONVERTING),$(or $(MAKECMDGOALS),all))

# Outputs depend on STYLE and SCRIPT through a file per variable, holding its value and
# rewritten only when the value changes: a new value is newer than every output made before.
VALUES := $(OUT)/.make
define remember
ifneq ($$(file <$(VALUES)/$(1)),$$($(1)))
$$(shell mkdir -p $(VALUES))
$$(file >$(VALUES)/$(1),$$($(1)))
endif
endef
STYLE_FILE := $(filter %.toml,$(wildcard $(STYLE)))

ifneq ($(CONVERTING),)
# Make splits file names at spaces, and other characters mean something to make or to the
# shell: stop before any work, naming each such report and a name to rename it to.
UNSAFE_NAMES := $(shell bash scripts/unsafe-names.sh reports $(INPUT_EXTS))
$(if $(UNSAFE_NAMES),$(error $(UNSAFE_NAMES)))
# Two reports of one name (a.txt and a.docx) would write the same outputs.
SHARED_NAMES := $(sort $(foreach n,$(NAMES),$(if $(filter-out 1,$(words $(filter $(n),$(NAMES)))),$(n))))
$(if $(SHARED_NAMES),$(error reports of the same name would write the same outputs: $(foreach n,$(SHARED_NAMES),$(wildcard $(INPUT_EXTS:%=reports/$(n).%))); rename one of each (nothing was converted)))
$(foreach var,STYLE SCRIPT,$(eval $(call remember,$(var))))
endif

.PHONY: all setup setup-test test golden clean distclean bench help roundtrip serve $(FORMATS) epub-vertical
.DELETE_ON_ERROR:

all: $(foreach f,$(FORMATS),$(NAMES:%=$(OUT)/%.$(f)))

xml: $(NAMES:%=$(OUT)/%.xml)
txt: $(NAMES:%=$(OUT)/%.txt)
docx: $(NAMES:%=$(OUT)/%.docx)
pdf: $(NAMES:%=$(OUT)/%.pdf)
epub: $(NAMES:%=$(OUT)/%.epub)
ofd: $(NAMES:%=$(OUT)/%.ofd)

# No report: set up all the same (as the README promises) and say so.
ifeq ($(NAMES),)
all $(FORMATS) epub-vertical: setup
	@echo "nothing to convert: reports/ has no $(INPUT_EXTS:%=*.%) file; put reports there and run make again"
endif

setup: $(STAMPS)/apt-build $(STAMPS)/fandol $(STAMPS)/python
setup-test: setup $(STAMPS)/apt-test

# A machine's pip configuration may list file:// indexes that hold no folder for some package;
# pip then warns once per package and index ("Location … is ignored"), which is harmless: every
# other line of pip's stderr is kept.
PIP_KNOWN_NOISE := 2> >(grep -v "^WARNING: Location 'file://[^']*' is ignored: it is neither a file nor a directory\.$$" >&2)

$(STAMPS)/python: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); scripts/ensure-apt.sh python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip $(PIP_KNOWN_NOISE)
	$(BIN)/python -m pip install -q -e '.[test]' $(PIP_KNOWN_NOISE)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-build: Makefile
	scripts/ensure-apt.sh $(APT_BUILD)
	@mkdir -p $(STAMPS) && touch $@

# FandolFang, the 仿宋 for Simplified text: one font out of a Debian package (see the script).
$(STAMPS)/fandol: scripts/ensure-fandol.sh | $(STAMPS)/apt-build
	scripts/ensure-fandol.sh
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-bench: Makefile
	scripts/ensure-apt.sh $(APT_BENCH)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-test: Makefile
	scripts/ensure-apt.sh $(APT_TEST)
	@mkdir -p $(STAMPS) && touch $@

# The reader makes the model (one rule per input extension); every writer reads only the model.
define reader_rule
$$(OUT)/%.xml: reports/%.$(1) $$(CODE) $$(VALUES)/SCRIPT | setup
	$$(CONVERT) "$$<" -o $$(OUT) --to xml --script $$(SCRIPT)
endef
$(foreach ext,$(INPUT_EXTS),$(eval $(call reader_rule,$(ext))))

$(OUT)/%.txt: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) "$<" -o $(OUT) --to txt

$(OUT)/%.docx: $(OUT)/%.xml $(CODE) $(VALUES)/STYLE $(STYLE_FILE) | setup
	$(CONVERT) "$<" -o $(OUT) --to docx --style $(STYLE)

$(OUT)/%.pdf: $(OUT)/%.xml $(CODE) $(VALUES)/STYLE $(STYLE_FILE) | setup
	$(CONVERT) "$<" -o $(OUT) --to pdf --style $(STYLE)

$(OUT)/%.epub: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) "$<" -o $(OUT) --to epub

# OFD (GB/T 33190): the PDF's page layout, so it follows STYLE as the PDF does.
$(OUT)/%.ofd: $(OUT)/%.xml $(CODE) $(VALUES)/STYLE $(STYLE_FILE) | setup
	$(CONVERT) "$<" -o $(OUT) --to ofd --style $(STYLE)

# The vertical (直排) EPUB edition, in out/vertical/.
epub-vertical: $(NAMES:%=$(OUT)/vertical/%.epub)
$(OUT)/vertical/%.epub: $(OUT)/%.xml $(CODE) | setup
	$(CONVERT) "$<" -o $(OUT)/vertical --to epub --vertical

# The edit loop: out/NAME.docx, edited in Word or WPS, becomes the model (out/NAME.xml), and
# the model the other formats. The edited DOCX is kept as it is: it is made newer than the
# model again, so that the next `make` does not write it over.
roundtrip: setup
	@test -n "$(NAME)" || { echo "make roundtrip NAME=…: name the edited $(OUT)/NAME.docx"; exit 2; }
	@test -f "$(OUT)/$(NAME).docx" || { echo "$(OUT)/$(NAME).docx: no such file (make docx writes it)"; exit 2; }
	$(CONVERT) "$(OUT)/$(NAME).docx" -o $(OUT) --to xml
	$(CONVERT) "$(OUT)/$(NAME).xml" -o $(OUT) --to txt,pdf,epub,ofd --style $(STYLE)
	@touch "$(OUT)/$(NAME).docx"

# A value file removed since make started (`make clean all`): write it again.
$(VALUES)/%:
	@mkdir -p $(@D) && printf '%s\n' '$($*)' > $@

# The tests run on every core (pytest-xdist), a test module to a worker: modules build their
# outputs once in module fixtures.
test: setup-test
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# The golden models (tests/golden/, compared by tests/test_golden.py) written again from what
# the readers make now: only after a change meant to change a model (review `git diff` first).
golden: setup
	$(BIN)/python tests/golden_models.py

# Speed and memory figures, printed as tables (see docs/benchmarks.md).
bench: setup $(STAMPS)/apt-bench $(STAMPS)/python-bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/pdf_speed.py
	$(BIN)/python bench/service.py
	$(BIN)/python bench/scaling.py
	$(BIN)/python bench/reading_accuracy.py
	$(BIN)/python bench/archive.py
	$(BIN)/python bench/collector.py
	$(BIN)/python bench/html_extraction.py
	$(BIN)/python bench/punctuation_placement.py

# The bench's own packages (the page extractors it compares ours with).
$(STAMPS)/python-bench: pyproject.toml | $(STAMPS)/python
	$(BIN)/python -m pip install -q -e '.[bench]' $(PIP_KNOWN_NOISE)
	@mkdir -p $(STAMPS) && touch $@

# The conversion service and its page on http://127.0.0.1:$(PORT)/ (docs/service.md); Ctrl-C stops it.
PORT ?= 8000
serve: setup
	$(CONVERT) serve --port $(PORT)

# clean keeps the font cache; distclean removes it too, with .venv (as convert/cache.py finds
# it: an absolute $XDG_CACHE_HOME, else ~/.cache; and the fallback for an unwritable one).
clean:
	rm -rf out

distclean: clean
	rm -rf $(VENV) .cache report_convert.egg-info .pytest_cache .hypothesis
	@cache=$${XDG_CACHE_HOME:-}; [[ $$cache == /* ]] || cache=$$HOME/.cache; \
	for dir in "$$cache/report-convert" "$${TMPDIR:-/tmp}/report-convert-cache-$$(id -u)"; do \
	  [ ! -e "$$dir" ] || { echo "rm -rf $$dir"; rm -rf "$$dir"; }; done

help:
	@echo "make                 set up, then convert every report in reports/ ($(INPUT_EXTS:%=*.%)) into out/ in every format"
	@echo "make xml|txt|docx|pdf|epub|ofd   set up, then one format"
	@echo "make STYLE=reading   PDF, OFD and DOCX in another style (styles/NAME.toml or a .toml path)"
	@echo "make SCRIPT=hans     a Simplified (hans) or Traditional (hant) edition, in out/SCRIPT/"
	@echo "make epub-vertical   the vertical (直排) EPUB, in out/vertical/"
	@echo "make setup           only set up: fonts and system packages, .venv with the converter"
	@echo "make test            set up (plus poppler, EPUBCheck, LibreOffice, Chromium), then run the tests"
	@echo "make golden          after a reader change meant to change models: write tests/golden/ again"
	@echo "make bench           speed and memory tables (bench/archive.py: BENCH_ARCHIVE_COPIES=20 and others set its sizes)"
	@echo "make roundtrip NAME=N  after editing out/N.docx: the model and the other formats from it"
	@echo "make serve           the conversion service and its page on http://127.0.0.1:8000/ (PORT=N another port)"
	@echo "make clean           remove out/ (keeps the font cache)"
	@echo "make distclean       remove out/, .venv and the font cache"
