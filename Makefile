# ngx_pkg_reroute — build, run and test.
#
#   make            build the dynamic module (build/ngx_http_pkg_reroute_module.so)
#   make run        install what is missing, build, run nginx on 127.0.0.1:8080
#                   (cache mode; MODE=redirect for the redirect-mode one)
#   make test       install what is missing, build, run the whole suite
#   make ctest      the pure core's C tests only
#   make e2e        real clients through the module (also part of make test;
#                   PKG_REROUTE_E2E=redirect|cache|all|off picks the modes)
#   make bench      bench/run (not part of make test): redirect mode
#   make bench-cache bench/cache-run: cache HITs vs plain proxy_cache, Verdaccio
#
#   NGINX_SRC=/path/to/nginx-x.y.z  build against an upstream source tree
#   NGINX=/path/to/nginx            the nginx binary to run (default: Debian's)

SHELL      := /bin/bash
TOP        := $(CURDIR)
BUILD      := $(TOP)/build
MODULE     := $(BUILD)/ngx_http_pkg_reroute_module.so
SRC        := $(TOP)/ngx_pkg_reroute_module
NGINX      ?= /usr/sbin/nginx
CC         ?= cc

DEBIAN_SRC := /usr/share/nginx/src
NGINX_SRC  ?=

CORE_SRCS  := $(filter-out $(SRC)/ngx_%,$(wildcard $(SRC)/pr_*.c))
ALL_SRCS   := $(wildcard $(SRC)/*.c $(SRC)/*.h) $(TOP)/config
CFLAGS_C   := -std=gnu99 -O2 -g -Wall -Wextra -Werror -I$(SRC)
C_TESTS    := $(patsubst $(TOP)/t/c/%.c,$(BUILD)/%,$(wildcard $(TOP)/t/c/test_*.c))

# Debian packages the build and the suite need (the binary is `nginx`)
DEB_PKGS   := nginx nginx-dev libpcre2-dev libssl-dev libcjson-dev \
              libtest-base-perl gcc make
BENCH_PKGS := wrk

.PHONY: all deps run test ctest prove conftest e2e bench bench-cache clean

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
	bash $(TOP)/.ci/build-module "$(BUILD)" "$(NGINX_SRC)"

$(BUILD)/test_%: $(TOP)/t/c/test_%.c $(CORE_SRCS) $(wildcard $(SRC)/pr_*.h) $(TOP)/t/c/pr_test.h
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_C) $(SANITIZE_FLAGS) -I$(TOP)/t/c $< $(CORE_SRCS) -o $@ -lcjson

ctest: $(C_TESTS)
	@rc=0; for t in $(C_TESTS); do $$t || rc=1; done; exit $$rc

# Test::Nginx from CPAN when installed, else our own runner in t/lib
prove: $(MODULE)
	@if perl -MTest::Nginx::Socket -e1 2>/dev/null; then lib=; \
	else lib=$(TOP)/t/lib; fi; \
	cd $(TOP) && PERL5LIB=$$lib$${PERL5LIB:+:$$PERL5LIB} \
	TEST_NGINX_BINARY=$(NGINX) \
	TEST_NGINX_LOAD_MODULES=$(MODULE) \
	PKG_REROUTE_E2E=$${PKG_REROUTE_E2E:-all} E2E_MODULE=$(MODULE) \
	prove -r t/

e2e: $(MODULE)
	E2E_MODULE=$(MODULE) bash $(TOP)/t/e2e/run $${PKG_REROUTE_E2E:-all}

# nginx -t on every conf.d example, with placeholder certificates
conftest: $(MODULE)
	bash $(TOP)/conf.d-examples/check $(NGINX) $(MODULE)

test: deps
	$(MAKE) $(MODULE)
	$(MAKE) ctest
	$(MAKE) conftest
	$(MAKE) prove

run: deps
	$(MAKE) $(MODULE)
	bash $(TOP)/conf.d-examples/run-quickstart "$(NGINX)" "$(MODULE)" $(MODE)

bench: deps
	$(MAKE) EXTRA_PKGS="$(BENCH_PKGS)" deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/run "$(NGINX)" "$(MODULE)"

bench-cache: deps
	$(MAKE) EXTRA_PKGS="$(BENCH_PKGS)" deps
	$(MAKE) $(MODULE)
	bash $(TOP)/bench/cache-run "$(NGINX)" "$(MODULE)"

clean:
	rm -rf $(BUILD) t/servroot
