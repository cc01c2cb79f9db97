# suivi — plain Makefile (GNU make).  See README.md.
#   make            build build/suivi
#   make run        install missing packages, build, open the UI on a demo database
#   make test       the same set-up, then every test (unit, sanitizers, valgrind, screen)
#   make bench      benchmarks (figures, never pass/fail)
#   make docs       rewrite the key tables of README.md and the man page from the program
#   make pot        the messages to translate, into build/suivi.pot (needs xgettext)
#   make install PREFIX=/usr/local DESTDIR=   /   make uninstall

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
DESTDIR    ?=
BUILD      ?= build
DEMO_DB    ?= $(BUILD)/demo.db
LOCALEDIR  ?= $(DATADIR)/locale
# Messages go through gettext (glibc has it); NLS=0 builds without.
NLS        ?= 1

CC         ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS     ?= -O2 -g
# Warnings are errors in the test build (and so in CI), not in a user's `make run`,
# where a newer compiler's new warning must not stop the program from building.
WERROR     ?=
WARNINGS    = -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wpointer-arith -Wstrict-prototypes \
              -Wmissing-prototypes -Wformat=2 -Wvla
# iniparser ships no .pc file on Debian: its header lives in /usr/include/iniparser/.
INIPARSER_CFLAGS ?= -I/usr/include/iniparser
INIPARSER_LIBS   ?= -liniparser
# pkg-config is asked once per run, quietly: on a bare machine the first `make run`
# or `make test` reads this file before tools/deps.sh has installed pkg-config and the
# -dev packages, and must not print errors then.  Without an answer (no pkg-config, or
# no .pc file yet) the flags are Debian's, which pkg-config gives there anyway.
pkg_config = $(strip $(shell $(PKG_CONFIG) $(1) 2>/dev/null))
# ncursesw.pc adds -D_XOPEN_SOURCE=600: we define our own feature macros.
NCURSES_CFLAGS   := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(call pkg_config,--cflags ncursesw))
NCURSES_LIBS     := $(or $(call pkg_config,--libs ncursesw),-lncursesw -ltinfo)
SQLITE_CFLAGS    := $(call pkg_config,--cflags sqlite3)
SQLITE_LIBS      := $(or $(call pkg_config,--libs sqlite3),-lsqlite3)
PYTHON           ?= python3
XGETTEXT         ?= xgettext

ALL_CPPFLAGS = -Iinclude -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
               -DSUIVI_VERSION='"$(VERSION)"' -DSUIVI_DATADIR='"$(DATADIR)/suivi"' \
               -DSUIVI_NLS=$(NLS) -DSUIVI_LOCALEDIR='"$(LOCALEDIR)"' \
               $(NCURSES_CFLAGS) $(SQLITE_CFLAGS) $(INIPARSER_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(WARNINGS) $(CFLAGS)
ALL_LIBS     = $(NCURSES_LIBS) $(SQLITE_LIBS) $(INIPARSER_LIBS) -lm

# Layers, bottom to top: base, config, model -> store -> core -> demo -> ui -> cli.
# Each test links only the layers at and below its own (tests/unit/<layer>_*.c), so a
# layer that reached above itself would not link.
rwildcard   = $(foreach d,$(wildcard $(1:=/*)),$(call rwildcard,$d,$2) $(filter $(subst *,%,$2),$d))
BASE_SRC   := $(wildcard src/base/*.c src/config/*.c src/model/*.c)
STORE_SRC  := $(wildcard src/store/*.c)
CORE_SRC   := $(wildcard src/core/*.c)
DEMO_SRC   := $(wildcard src/demo/*.c)
UI_SRC     := $(call rwildcard,src/ui,*.c)
CLI_SRC    := $(wildcard src/cli/*.c)
obj         = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(1))
BASE_OBJ   := $(call obj,$(BASE_SRC))
STORE_OBJ  := $(call obj,$(STORE_SRC))
CORE_OBJ   := $(call obj,$(CORE_SRC))
DEMO_OBJ   := $(call obj,$(DEMO_SRC))
UI_OBJ     := $(call obj,$(UI_SRC))
CLI_OBJ    := $(call obj,$(CLI_SRC))

UNIT_SRC   := $(wildcard tests/unit/*_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
TEST_HELP  := $(BUILD)/obj/tests/unit/check.o

# Quiet by default (make V=1 shows the commands).
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-5s %s\n' $(1) $(2)
endif

.SECONDARY:
.PHONY: all run test deps test-deps unit screen asan bench docs pot install uninstall clean
all: $(BUILD)/suivi

$(BUILD)/suivi: $(CLI_OBJ) $(UI_OBJ) $(DEMO_OBJ) $(CORE_OBJ) $(STORE_OBJ) $(BASE_OBJ)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

# Objects are rebuilt when the flags change (e.g. `make run`, then `make test` with
# -Werror): the flags are kept in a file that changes only when they do.
FLAGS_TEXT  = $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $(ALL_LIBS)
FLAGS_STAMP = $(BUILD)/flags.txt
ifneq ($(file <$(FLAGS_STAMP)),$(FLAGS_TEXT))
.PHONY: $(FLAGS_STAMP)
endif
$(FLAGS_STAMP):
	$(shell mkdir -p $(@D))$(file >$@,$(FLAGS_TEXT))

$(BUILD)/obj/%.o: src/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# One rule per layer: the test's object, the harness, its layer and those below.
define layer_test
$$(BUILD)/tests/$(1)_%: $$(BUILD)/obj/tests/unit/$(1)_%.o $$(TEST_HELP) $(2)
	@mkdir -p $$(@D)
	$$(call say,LINK,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(ALL_LIBS)
endef
$(eval $(call layer_test,base,$(BASE_OBJ)))
$(eval $(call layer_test,store,$(STORE_OBJ) $(BASE_OBJ)))
$(eval $(call layer_test,core,$(CORE_OBJ) $(STORE_OBJ) $(BASE_OBJ)))
$(eval $(call layer_test,demo,$(DEMO_OBJ) $(CORE_OBJ) $(STORE_OBJ) $(BASE_OBJ)))
$(eval $(call layer_test,ui,$(UI_OBJ) $(DEMO_OBJ) $(CORE_OBJ) $(STORE_OBJ) $(BASE_OBJ)))

unit: $(UNIT_BIN)

deps:
	@sh tools/deps.sh

test-deps:
	@sh tools/deps.sh test

run: deps
	@$(MAKE) --no-print-directory all
	@test -f $(DEMO_DB) || ./$(BUILD)/suivi demo --db $(DEMO_DB)
	./$(BUILD)/suivi --db $(DEMO_DB)

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan WERROR=$(WERROR) \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all unit

test: test-deps
	@$(MAKE) --no-print-directory WERROR=-Werror all unit
	@$(MAKE) --no-print-directory WERROR=-Werror asan
	@sh tests/run.sh

# The bench drives the program with the screen-test harness (python3-pyte): the test
# packages.  strace and git are optional (the figures that need them say so).
bench: test-deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/bench.sh $(BUILD)/suivi

# The key tables of README.md and the KEYS section of the man page, rewritten from the
# program's one key table (suivi --list-keys).
docs: all
	$(PYTHON) tools/keys-doc.py $(BUILD)/suivi

# The messages marked for translation (_, N_, ngettext), into $(BUILD)/suivi.pot.
POT_SRC = $(sort $(call rwildcard,src,*.c *.h) $(call rwildcard,include,*.h))
pot:
	@if ! command -v $(XGETTEXT) >/dev/null 2>&1; then \
	    echo "pot: skipped: $(XGETTEXT) is missing (Debian package gettext)"; exit 0; fi; \
	mkdir -p $(BUILD) && \
	$(XGETTEXT) --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	    --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --package-name=suivi \
	    --package-version=$(VERSION) -o $(BUILD)/suivi.pot $(POT_SRC) && \
	printf '  POT   %s: %d messages\n' $(BUILD)/suivi.pot \
	    $$(($$(grep -c '^msgid ' $(BUILD)/suivi.pot) - 1))

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/suivi/mail
	install -m 755 $(BUILD)/suivi $(DESTDIR)$(BINDIR)/suivi
	install -m 644 share/man/suivi.1 $(DESTDIR)$(MANDIR)/man1/suivi.1
	install -m 644 config.example.ini $(DESTDIR)$(DATADIR)/suivi/config.example.ini
	install -m 644 share/mail/action.txt $(DESTDIR)$(DATADIR)/suivi/mail/action.txt

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/suivi $(DESTDIR)$(MANDIR)/man1/suivi.1
	rm -f $(DESTDIR)$(DATADIR)/suivi/config.example.ini $(DESTDIR)$(DATADIR)/suivi/mail/action.txt
	rmdir $(DESTDIR)$(DATADIR)/suivi/mail $(DESTDIR)$(DATADIR)/suivi 2>/dev/null || true

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
