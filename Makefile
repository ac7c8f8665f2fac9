# ngx_pkg_reroute — build, run and test.
#
#   make            build the dynamic module (build/ngx_http_pkg_reroute_module.so)
#   make run        install what is missing, build, run nginx on 127.0.0.1:8080
#                   (cache mode; MODE=redirect for the redirect-mode one)
#   make test       install what is missing, build, run the whole suite
#   make ctest      the pure core's C tests only (and README's catalogue)
#   make catalogue  rewrite README's endpoint catalogue from the tables
#   make e2e        real clients through the module (also part of make test;
#                   PKG_REROUTE_E2E=redirect|cache|all|off picks the modes)
#   make bench      bench/run (not part of make test): redirect mode
#   make bench-cache bench/cache-run: cache HITs vs plain proxy_cache, Verdaccio
#   make bench-rewrite bench/rewrite-run: the JSON rewriter on 10 MB
#                   documents, real-shaped and adversarial (REF=1: and the
#                   cJSON rewriter it replaced)
#   make bench-herd bench/herd-run: 200 clients at once for one cold
#                   packument and one cold artifact, nginx's lock times
#                   against pkg-reroute/cache.conf's: upstream fetches,
#                   rewrites, worker peak memory
#   make bench-curation-redirect, bench-curation-hit, bench-curation-worker
#                   issue 10 item 7's figures (bench/curation-README.md):
#                   redirect mode with 250,000 listed, a filtered document's
#                   HIT, the 10 MB packument's filter in a worker
#   make bench-load bench/load-run: 60 s at saturation per mode, a mixed
#                   request set; statuses, worker restarts, worker RSS
#                   (LOAD_SECONDS=10 for a short try)
#
#   NGINX_SRC=/path/to/nginx-x.y.z  build against an upstream source tree
#   NGINX=/path/to/nginx            the nginx binary to run (default: Debian's)
#
#   make test SANITIZE=1   ASan+UBSan module and C tests (in build/asan), the
#                          whole suite with them; fails on any report
#   make test VALGRIND=1   t/*.t with nginx under valgrind (no t/e2e)
#                          (both: t/SANITIZE.md)

SHELL      := /bin/bash
TOP        := $(CURDIR)

SAN        := $(filter-out 0,$(SANITIZE))
VG         := $(filter-out 0,$(VALGRIND))
BUILD      := $(TOP)/build$(if $(SAN),/asan)
MODULE     := $(BUILD)/ngx_http_pkg_reroute_module.so
SRC        := $(TOP)/ngx_pkg_reroute_module
NGINX      ?= /usr/sbin/nginx
# nginx reads NGINX from its environment as inherited listening sockets
# (after the assignment: before it, unexport leaves NGINX defined and empty)
unexport NGINX
CC         ?= cc

DEBIAN_SRC := /usr/share/nginx/src
NGINX_SRC  ?=

CORE_SRCS  := $(filter-out $(SRC)/ngx_%,$(wildcard $(SRC)/pr_*.c))
ALL_SRCS   := $(wildcard $(SRC)/*.c $(SRC)/*.h) $(TOP)/config
CFLAGS_C   := -std=gnu99 -O2 -g -Wall -Wextra -Werror -I$(SRC)
C_TESTS    := $(patsubst $(TOP)/t/c/%.c,$(BUILD)/%,$(wildcard $(TOP)/t/c/test_*.c))

# SANITIZE=1: nginx is not built with ASan, and the ASan .so only loads into
# a process that has the runtimes first: conftest, prove and e2e run nginx
# through $(SAN_NGINX), a wrapper that preloads them and sends every report
# to $(SAN_LOGS)/, which sanitize-check reads. See t/SANITIZE.md.
RUN_NGINX   = $(NGINX)
SAN_LOGS   := $(TOP)/build/asan/sanitizer-reports
ifneq ($(SAN),)
SANITIZE_FLAGS ?= -fsanitize=address,undefined -fno-omit-frame-pointer \
                  -fno-sanitize-recover=undefined
SAN_NGINX  := $(BUILD)/nginx-asan
RUN_NGINX   = $(SAN_NGINX)
endif

# Debian packages the build and the suite need (the binary is `nginx`)
DEB_PKGS   := nginx nginx-dev libpcre2-dev libssl-dev libcjson-dev zlib1g-dev \
              libtest-base-perl gcc make
BENCH_PKGS := wrk
FUZZ_PKGS  := clang

.PHONY: all deps run test ctest catalogue prove conftest e2e bench bench-cache bench-herd bench-load bench-rewrite clean \
	bench-curation-redirect bench-curation-hit bench-curation-worker \
        sanitize-check fuzz fuzz-smoke

all: $(MODULE)

deps:
	@missing=; \
	for p in $(DEB_PKGS) $(EXTRA_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
	        | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

# configure once per source tree, then `make modules`
$(MODULE): $(ALL_SRCS)
	@mkdir -p $(BUILD)
	$(if $(SAN),MODULE_EXTRA_FLAGS="$(SANITIZE_FLAGS)" )bash $(TOP)/.ci/build-module "$(BUILD)" "$(NGINX_SRC)"

$(BUILD)/test_%: $(TOP)/t/c/test_%.c $(CORE_SRCS) $(wildcard $(SRC)/pr_*.h) $(wildcard $(TOP)/t/c/*.h)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_C) $(SANITIZE_FLAGS) -I$(TOP)/t/c $< $(CORE_SRCS) -o $@ -lcjson $(TEST_LIBS_$*)

# test_mal hands pr_mal zlib's inflate, as the shell will (the core links
# no zlib)
TEST_LIBS_mal := -lz

ctest: $(C_TESTS)
	@rc=0; for t in $(C_TESTS); do $(if $(VG),valgrind -q --error-exitcode=1 --leak-check=full) $$t || rc=1; done; \
	$(BUILD)/test_catalogue --markdown | diff -u <(sed -n '/^<!-- catalogue:begin -->$$/,/^<!-- catalogue:end -->$$/p' README.md | sed '1d;$$d') - \
	    || { echo "README's endpoint catalogue is not the tables': make catalogue"; rc=1; }; \
	exit $$rc

# README's endpoint catalogue, made from the tables in pr_eco_*.c
catalogue: $(BUILD)/test_catalogue
	@$(BUILD)/test_catalogue --markdown > $(BUILD)/catalogue.md
	@awk -v f=$(BUILD)/catalogue.md '/^<!-- catalogue:end -->$$/ { while ((getline l < f) > 0) print l; skip = 0 } !skip { print } /^<!-- catalogue:begin -->$$/ { skip = 1 }' README.md > README.md.tmp && mv README.md.tmp README.md

# Test::Nginx from CPAN when installed, else our own runner in t/lib
# (VALGRIND=1: TEST_NGINX_USE_VALGRIND=1 and t/e2e off; --keep-debuginfo:
# the module's frames keep their names in leak reports, made after nginx
# has unloaded it)
VG_ENV = TEST_NGINX_USE_VALGRIND=1 \
         VALGRIND_OPTS="--keep-debuginfo=yes $${VALGRIND_OPTS:-}"
# t/servroot is removed first: between blocks the runner (as the CPAN
# module) removes only conf/, html/, logs/, *_cache and *_temp from it, and
# stops the run on anything else, such as what an older run left
prove: $(MODULE) $(SAN_NGINX)
	@if perl -MTest::Nginx::Socket -e1 2>/dev/null; then lib=; \
	else lib=$(TOP)/t/lib; fi; \
	rm -rf $(TOP)/t/servroot; \
	cd $(TOP) && PERL5LIB=$$lib$${PERL5LIB:+:$$PERL5LIB} \
	TEST_NGINX_BINARY=$(RUN_NGINX) $(if $(SAN),NGINX=$(SAN_NGINX)) \
	TEST_NGINX_LOAD_MODULES=$(MODULE) $(if $(VG),$(VG_ENV)) \
	PKG_REROUTE_E2E=$(if $(VG),off,$${PKG_REROUTE_E2E:-all}) E2E_MODULE=$(MODULE) \
	prove -r t/

e2e: $(MODULE) $(SAN_NGINX)
	$(if $(SAN),NGINX=$(SAN_NGINX) )E2E_MODULE=$(MODULE) bash $(TOP)/t/e2e/run $${PKG_REROUTE_E2E:-all}

# nginx -t on every conf.d example, with placeholder certificates
conftest: $(MODULE) $(SAN_NGINX)
	bash $(TOP)/conf.d-examples/check $(RUN_NGINX) $(MODULE)

test: deps
	$(MAKE) $(MODULE)
ifneq ($(SAN),)
	rm -rf $(SAN_LOGS)
	@rc=0; for t in ctest conftest prove; do $(MAKE) $$t || rc=1; done; \
	$(MAKE) sanitize-check || rc=1; exit $$rc
else
	$(MAKE) ctest
	$(MAKE) conftest
	$(MAKE) prove
endif

ifneq ($(SAN),)
# LD_PRELOAD: gcc's runtimes; ASAN_OPTIONS/UBSAN_OPTIONS from the caller go
# last and win. No leak check: nginx does not free everything at exit, and
# what the module allocates per request lives in pools. gcc's UBSan prints
# its "runtime error" line on stderr whatever log_path says (nginx's error
# log), then aborts: handle_abort=1 makes that abort an ASan report, with
# the stack, in $(SAN_LOGS). NGINX is unset: nginx reads it as inherited
# listening sockets (t/e2e/run gets NGINX=wrapper). Rewritten every time.
.PHONY: $(SAN_NGINX)
$(SAN_NGINX):
	@mkdir -p $(BUILD)
	@{ echo '#!/bin/sh'; \
	  echo '# made by `make SANITIZE=1`: $(NGINX) with ASan and UBSan preloaded'; \
	  echo 'mkdir -p -m 1777 $(SAN_LOGS)'; \
	  echo 'LD_PRELOAD="$(shell $(CC) -print-file-name=libasan.so) $(shell $(CC) -print-file-name=libubsan.so)$${LD_PRELOAD:+ $$LD_PRELOAD}"'; \
	  echo 'ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:handle_abort=1:log_path=$(SAN_LOGS)/asan$${ASAN_OPTIONS:+:$$ASAN_OPTIONS}"'; \
	  echo 'UBSAN_OPTIONS="print_stacktrace=1:abort_on_error=1:log_path=$(SAN_LOGS)/ubsan$${UBSAN_OPTIONS:+:$$UBSAN_OPTIONS}"'; \
	  echo 'export LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS; unset NGINX'; \
	  echo 'exec $(NGINX) "$$@"'; } > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
endif

# every report file the preloaded runtimes wrote: printed, and a failure
sanitize-check:
	@if [ -n "$$(ls -A $(SAN_LOGS) 2>/dev/null)" ]; then \
	    for f in $(SAN_LOGS)/*; do echo "=== $$f"; cat "$$f"; done; \
	    echo "SANITIZE: $$(ls $(SAN_LOGS) | wc -l) ASan/UBSan report(s) in $(SAN_LOGS)"; \
	    exit 1; \
	fi; echo "SANITIZE: no ASan/UBSan reports in $(SAN_LOGS)"

run: deps
	$(MAKE) $(MODULE)
	bash $(TOP)/conf.d-examples/run-quickstart "$(NGINX)" "$(MODULE)" $(MODE)

bench: deps
	$(MAKE) EXTRA_PKGS="$(BENCH_PKGS)" deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/run "$(NGINX)" "$(MODULE)"

# libFuzzer on the pure core (fuzz/README.md): each target FUZZ_SECONDS
# (default 1800) or FUZZ_RUNS; fuzz-smoke: 30 s each, as CI runs it
fuzz:
	$(MAKE) EXTRA_PKGS="$(FUZZ_PKGS)" deps
	$(MAKE) -C $(TOP)/fuzz run

fuzz-smoke:
	$(MAKE) EXTRA_PKGS="$(FUZZ_PKGS)" deps
	$(MAKE) -C $(TOP)/fuzz smoke

bench-cache: deps
	$(MAKE) EXTRA_PKGS="$(BENCH_PKGS)" deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/cache-run "$(NGINX)" "$(MODULE)"

bench-herd: deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/herd-run "$(NGINX)" "$(MODULE)"

bench-curation-redirect bench-curation-hit: deps
	$(MAKE) EXTRA_PKGS="$(BENCH_PKGS)" deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/curation-$(@:bench-curation-%=%)-run "$(NGINX)" "$(MODULE)"

bench-curation-worker: deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/curation-worker-run "$(NGINX)" "$(MODULE)"

bench-rewrite: deps
	bash $(TOP)/bench/rewrite-run $(if $(filter-out 0,$(REF)),--ref)

# not part of make test: about 3.5 minutes with the default 60 s per mode
LOAD_SECONDS ?= 60
bench-load: deps
	$(MAKE) EXTRA_PKGS="$(BENCH_PKGS)" deps
	$(MAKE) $(MODULE)
	LOAD_SECONDS=$(LOAD_SECONDS) bash $(TOP)/bench/load-run "$(NGINX)" "$(MODULE)"

clean:
	rm -rf $(BUILD) t/servroot
