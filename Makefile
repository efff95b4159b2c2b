# Makefile — build, test, install and demo pvs.
#
#   make            build build/pvs
#   make check      install missing build dependencies (as root), build, run every test,
#                   then again under AddressSanitizer + UndefinedBehaviorSanitizer
#   make check-office  recompute the formulas of the xlsx workbooks with LibreOffice headless
#                   (libreoffice-calc-nogui; skipped with a message when it is missing)
#   make demo       build and run pvs on the shipped example
#   make rpls       build and run the national example on public data (examples/rpls-2024)
#   make bench      benchmarks (generated data, never timed tests)
#   make check-browser  the HTML report in headless Chromium (screenshots, A4 PDF, checks)
#   make territoires  regenerate the territory table from ../shared/data (doc/territoires.md)
#   make install    PREFIX=/usr/local DESTDIR=
#   make po         refresh po/pvs.pot from the sources and merge it into po/fr.po
#   make fuzz       build the libFuzzer targets (clang) and run each FUZZ_SECONDS (default 60)
#   make check-valgrind  the golden corpus under valgrind memcheck
#
# Generated C (flex, bison) goes to $(BUILD)/gen and is never committed.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
SHARED  ?= ../shared
SAN     ?=
CC      ?= cc
FLEX    ?= flex
BISON   ?= bison

STDLIB_DIR = $(PREFIX)/share/pvs/stdlib
LOCALE_DIR = $(PREFIX)/share/locale
MSGFMT  ?= msgfmt
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

OPT      ?= -O2 -g
CSTD      = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes $(if $(FUZZ),-Wno-bitwise-instead-of-logical)
comma    := ,
SANFLAGS  = $(if $(SAN),-fsanitize=address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
# FUZZ=1 (with CC=clang): libFuzzer instrumentation on top of ASan + UBSan (make fuzz)
SANFLAGS += $(if $(FUZZ),-fsanitize=fuzzer-no-link$(comma)address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
DEFS      = -DPVS_VERSION='"$(VERSION)"' -DPVS_STDLIB_DIR='"$(STDLIB_DIR)"' -DPVS_LOCALE_DIR='"$(LOCALE_DIR)"'
CPPFLAGS += -Isrc -I$(BUILD)/gen
CFLAGS   += $(CSTD) $(OPT) $(SANFLAGS) $(DEFS) -MMD -MP
LDLIBS   += -lgmp
LDLIBS   += -lm
# the parallel scan (src/scan_parallel.c)
CFLAGS   += -pthread
LDLIBS   += -pthread
# Tables read from PostgreSQL (src/pgsrc.c) need libpq; without it (or with LIBPQ=no) pvs
# still builds, and a postgresql:// source is an error that says so.
LIBPQ ?= $(shell pkg-config --exists libpq 2>/dev/null && echo yes)
ifeq ($(LIBPQ),yes)
CPPFLAGS += -DPVS_WITH_LIBPQ $(shell pkg-config --cflags libpq)
LDLIBS   += $(shell pkg-config --libs libpq)
endif
# --format xlsx needs libxlsxwriter (Debian: libxlsxwriter-dev, installed by `make check`).
# XLSX=auto uses it when pkg-config finds it; XLSX=no builds without (the format then says
# how to get it); XLSX=yes fails when it is missing.
XLSX ?= auto
XLSX_FOUND := $(shell pkg-config --exists xlsxwriter 2>/dev/null && echo yes)
ifeq ($(XLSX),yes)
ifneq ($(XLSX_FOUND),yes)
$(error libxlsxwriter not found by pkg-config: apt-get install libxlsxwriter-dev, or build with XLSX=no)
endif
endif
ifneq ($(XLSX),no)
ifeq ($(XLSX_FOUND),yes)
CPPFLAGS += -DPVS_HAVE_XLSX $(shell pkg-config --cflags xlsxwriter)
LDLIBS   += $(shell pkg-config --libs xlsxwriter)
else
$(info pvs: libxlsxwriter not found: building without --format xlsx (apt-get install libxlsxwriter-dev, or run make check))
endif
endif
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)

SRCS     := $(wildcard src/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
GEN_C     = $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.c
GEN_H     = $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
CONF_SRCS := $(wildcard tests/conformance/*.c)
CONF_BINS := $(CONF_SRCS:tests/conformance/%.c=$(BUILD)/tests/conf_%)
TERR_CHECK := $(BUILD)/tests/terr_check
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

MO        = $(BUILD)/locale/fr/LC_MESSAGES/pvs.mo

.PHONY: all check test unit golden conformance golden-update demo rpls bench install deps clean sanitize po fuzz fuzz-bins fuzz-syntax check-valgrind territoires carte check-browser check-office
all: $(BUILD)/pvs $(MO)

# ---- build ---------------------------------------------------------------------------
# Objects depend on the flags they were built with: changing OPT or SAN rebuilds them.
FLAGS_NOW := $(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDLIBS)
$(BUILD)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@
.PHONY: FORCE
FORCE:

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h: grammar/parser.y
	@mkdir -p $(@D)
	$(BISON) -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h: grammar/lexer.l $(BUILD)/gen/parser.h
	@mkdir -p $(@D)
	$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

$(BUILD)/obj/%.o: src/%.c $(GEN_H) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

# flex and bison output: our warnings, minus the ones their skeletons trip.
$(BUILD)/obj/%.o: $(BUILD)/gen/%.c $(GEN_H) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -Wno-unused-function -Wno-sign-compare -Wno-shadow -c -o $@ $<

$(BUILD)/libpvs.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/pvs: $(BUILD)/obj/main.o $(BUILD)/libpvs.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The French catalogue, where the binary looks first (build/locale beside build/pvs).
$(MO): po/fr.po
	@mkdir -p $(@D)
	$(MSGFMT) --check -o $@ $<

po:
	@sh tools/po.sh update

# The HTML report as a person sees it: headless Chromium, separate from make check.
check-browser: all
	@sh tests/browser/run.sh $(BUILD)

# The map of the HTML report, from ../shared/data/geo (the output is committed).
carte:
	python3 tools/carte/geo_svg.py $(SHARED) src/geo_fr.c

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libpvs.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CHECK_CFLAGS) -o $@ $< $(BUILD)/libpvs.a $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/tests/conf_%: tests/conformance/%.c $(BUILD)/libpvs.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BUILD)/libpvs.a $(LDLIBS)

$(TERR_CHECK): tests/territoires/check.c $(BUILD)/libpvs.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BUILD)/libpvs.a $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libpvs.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BUILD)/libpvs.a $(LDLIBS)

# The golden corpus under valgrind's memcheck (no invalid access, no leak): make check-valgrind.
check-valgrind: all
	@sh tests/valgrind.sh $(BUILD)

# libFuzzer targets (tests/fuzz/, doc/contribuer.md): clang, ASan + UBSan, in build-fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h $(BUILD)/libpvs.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $(WARN) -o $@ $< $(BUILD)/libpvs.a $(LDLIBS)
fuzz-bins: $(FUZZ_BINS)
# The fuzz targets compiled (not linked: libFuzzer is clang's) with the project's warnings,
# so make check catches what would break make fuzz in CI.
fuzz-syntax: $(BUILD)/libpvs.a
	@for f in tests/fuzz/fuzz_*.c; do \
	  $(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -fsyntax-only -MF /dev/null $$f || exit 1; done
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang FUZZ=1 OPT="-O1 -g" fuzz-bins
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# ---- set-up and tests ----------------------------------------------------------------
deps:
	@sh tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory test
	@echo "== again under AddressSanitizer + UndefinedBehaviorSanitizer =="
	@$(MAKE) --no-print-directory BUILD=build-san SAN=1 OPT="-O1 -g" DIFF_SEEDS=100 KEY_SEEDS=60 SCAN_SEEDS=6 test

test: all $(UNIT_BINS) $(CONF_BINS) $(TERR_CHECK) $(BUILD)/bench/gen_parc fuzz-syntax
	@sh tests/run-unit.sh $(BUILD)
	@sh tools/po.sh check
	@sh tests/conformance/run.sh $(BUILD) $(SHARED)
	@sh tests/territoires/run.sh $(BUILD) $(SHARED)
	@sh tests/differential.sh $(BUILD) $(SHARED)
	@sh tests/diff/run.sh $(BUILD)
	@sh tests/deps-test.sh
	@sh tests/pg/reader.sh $(BUILD)
	@sh tests/sql/differential.sh $(BUILD)
	@sh tests/io-faults.sh $(BUILD)/pvs
	@sh tests/join.sh $(BUILD)
	@sh tests/scan.sh $(BUILD)
	$(if $(SAN),,@sh tests/alloc-faults.sh $(BUILD)/pvs)
	@sh tests/keys/run.sh $(BUILD)
	@sh tests/golden/run.sh $(BUILD)/pvs
	@sh tests/xlsx/run.sh $(BUILD)
	@sh tests/doc-examples.sh
	@sh tests/snippets.sh $(BUILD)
	@python3 tests/sens/reference.py $(BUILD)/pvs
	@python3 tests/panel/reference.py $(BUILD)/pvs 6
	@python3 tests/indices/reference.py $(BUILD)/pvs 40

check-office: deps
	@$(MAKE) --no-print-directory all
	@sh tests/xlsx/run.sh $(BUILD) office

unit: all $(UNIT_BINS)
	@sh tests/run-unit.sh $(BUILD)

# P=PATTERN selects the golden cases whose AREA/CASE name contains it.
golden: all
	@sh tests/golden/run.sh $(BUILD)/pvs $(P)

golden-update: all
	@UPDATE=1 sh tests/golden/run.sh $(BUILD)/pvs $(P)

conformance: all $(CONF_BINS)
	@sh tests/conformance/run.sh $(BUILD) $(SHARED)

rpls: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BUILD)/pvs rpls-2024 rpls.pvs 2024-01-01

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BUILD)/pvs

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@sh bench/run.sh $(BUILD) $(SHARED)

# The territory table (src/territory_data.[ch], committed) from the originals in $(SHARED)/data:
# run it when INSEE publishes a new COG (doc/territoires.md), then review the diff.
territoires:
	python3 tools/territoires/territoires.py $(SHARED)/data src

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(STDLIB_DIR) $(DESTDIR)$(PREFIX)/share/man/man1
	install -d $(DESTDIR)$(LOCALE_DIR)/fr/LC_MESSAGES
	install -m 755 $(BUILD)/pvs $(DESTDIR)$(PREFIX)/bin/pvs
	install -m 644 $(MO) $(DESTDIR)$(LOCALE_DIR)/fr/LC_MESSAGES/pvs.mo
	install -m 644 stdlib/*.pvs $(DESTDIR)$(STDLIB_DIR)/
	if [ -f doc/pvs.1 ]; then install -m 644 doc/pvs.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

clean:
	rm -rf build build-san build-fuzz

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
