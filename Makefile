# bdreport — one plain GNU Makefile.
# Sources are found by wildcard under src/*/; objects go to build/ (build-san/ with
# SANITIZE=1). Everything except src/cli/main.c also goes into libbd.a, which the
# unit tests link against.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
SANITIZE ?=

ifeq ($(SANITIZE),1)
B        := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT      := -O1 -g
else
B        := build
SANFLAGS :=
OPT      ?= -O2 -g
endif

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wwrite-strings \
            -Wmissing-prototypes -Wstrict-prototypes
ifeq ($(DEVELOPER),1)
WARN     += -Werror
endif
PKGS     := libcjson
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -DBDREPORT_PREFIX=\"$(PREFIX)\"
CFLAGS   += $(OPT) $(WARN) $(SANFLAGS) -pthread
# Excel (libzip, expat, libxlsxwriter), databases (sqlite3, libpq), SMTP (libcurl)
IOPKGS   := libzip expat xlsxwriter sqlite3 libpq libcurl
CPPFLAGS += $(shell pkg-config --cflags $(IOPKGS) 2>/dev/null)
LDLIBS   += $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-lcjson) \
            $(shell pkg-config --libs $(IOPKGS) 2>/dev/null) -lcsv -lhpdf -lz -lm -pthread
LDFLAGS  += $(SANFLAGS)

SRCS     := $(sort $(wildcard src/*/*.c))
MAINSRC  := src/cli/main.c
LIBSRCS  := $(filter-out $(MAINSRC),$(SRCS))
LIBOBJS  := $(LIBSRCS:%.c=$(B)/%.o)
DEPS     := $(SRCS:%.c=$(B)/%.d)

TESTSRCS := $(sort $(wildcard tests/unit/test_*.c))
TESTBINS := $(TESTSRCS:tests/unit/%.c=$(B)/tests/%)
BENCHSRCS:= $(sort $(wildcard bench/bench_*.c))
BENCHBINS:= $(BENCHSRCS:bench/%.c=$(B)/bench/%)
FUZZSRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
TOOLSRCS := $(sort $(wildcard tools/*.c))
TOOLBINS := $(TOOLSRCS:tools/%.c=$(B)/tools/%)

ifeq ($(SANITIZE),1)
BIN      := $(B)/bdreport
else
BIN      := bdreport
endif

.PHONY: all deps check unit e2e golden-update bench demo site install uninstall clean fuzz help-text docs
all: $(BIN) $(TOOLBINS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/libbd.a: $(LIBOBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(B)/src/cli/main.o $(B)/libbd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libbd.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(B)/libbd.a $(LDLIBS) -lcmocka

$(B)/tools/%: tools/%.c $(B)/libbd.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libbd.a $(LDLIBS)

$(B)/bench/%: bench/%.c $(B)/libbd.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(B)/libbd.a $(LDLIBS)

# libFuzzer harnesses: clang, the whole library compiled in, with ASan.
build-fuzz/%: tests/fuzz/%.c $(LIBSRCS)
	@mkdir -p build-fuzz
	clang $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(LIBSRCS) $(LDLIBS)

fuzz: $(FUZZSRCS:tests/fuzz/%.c=build-fuzz/%)
	@echo "built: $^ (run one with: build-fuzz/NAME -max_total_time=600 tests/fuzz/corpus/NAME)"

# `bdreport help COMMAND` prints the man page's sections: regenerate the C text after
# editing doc/bdreport.1 (tests/e2e/docs.sh fails while they differ).
help-text:
	sh tools/mkhelp.sh doc/bdreport.1 > src/cli/help_text.c

# The analyses' parameter tables of doc/bdreport.1 (ANALYSES) and site/analyses.html
# are generated from the analyses' entries: regenerate them (and the help text) after
# changing an entry (tests/e2e/docs.sh fails while they differ).
docs: $(B)/tools/analysisdoc
	$(B)/tools/analysisdoc roff doc/bdreport.1 > doc/bdreport.1.tmp && mv doc/bdreport.1.tmp doc/bdreport.1
	$(B)/tools/analysisdoc html site/analyses.html > site/analyses.html.tmp && mv site/analyses.html.tmp site/analyses.html
	sh tools/mkhelp.sh doc/bdreport.1 > src/cli/help_text.c

# Debian packages the build and the tests need; `make deps` installs the missing ones.
deps:
	@sh tools/deps.sh build

check: deps
	@$(MAKE) --no-print-directory all $(TESTBINS)
	@B=$(B) BIN=$(abspath $(BIN)) SANITIZE=$(SANITIZE) sh tests/run.sh

# one half of `make check`: the cmocka unit tests, or the end-to-end scripts
unit: deps
	@$(MAKE) --no-print-directory all $(TESTBINS)
	@B=$(B) BIN=$(abspath $(BIN)) SANITIZE=$(SANITIZE) sh tests/run.sh unit

e2e: deps
	@$(MAKE) --no-print-directory all
	@B=$(B) BIN=$(abspath $(BIN)) SANITIZE=$(SANITIZE) sh tests/run.sh e2e

# after an intended change of layout or results: rewrite the golden chart, HTML,
# PDF-page and results.json files, then review `git diff tests/golden` before
# committing them
golden-update: deps
	@$(MAKE) --no-print-directory all $(TESTBINS)
	BDREPORT_GOLDEN_UPDATE=1 $(B)/tests/test_chart > /dev/null
	BDREPORT_GOLDEN_UPDATE=1 B=$(B) BIN=$(abspath $(BIN)) sh tests/e2e/html.sh > /dev/null
	BDREPORT_GOLDEN_UPDATE=1 B=$(B) BIN=$(abspath $(BIN)) sh tests/e2e/pdf.sh > /dev/null
	BDREPORT_GOLDEN_UPDATE=1 BIN=$(abspath $(BIN)) sh tests/e2e/results_golden.sh > /dev/null
	@git status --short tests/golden

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(abspath $(BIN))

# the documentation website with every example report rendered into site/examples/
site: deps
	@$(MAKE) --no-print-directory all
	@sh tools/site.sh $(abspath $(BIN))

bench: deps
	@$(MAKE) --no-print-directory all $(BENCHBINS)
	@B=$(B) sh bench/run.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bdreport $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/bdreport
	cp -R templates themes $(DESTDIR)$(PREFIX)/share/bdreport/
	if [ -f doc/bdreport.1 ]; then install -m 644 doc/bdreport.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/bdreport $(DESTDIR)$(PREFIX)/share/man/man1/bdreport.1
	rm -rf $(DESTDIR)$(PREFIX)/share/bdreport

clean:
	rm -rf build build-san build-fuzz bdreport

-include $(DEPS)
