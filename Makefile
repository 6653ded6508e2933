# Developer and user entry points. Everything runs with the R on the PATH.
R ?= R
RSCRIPT ?= Rscript
PKG := recurrent
VERSION := $(shell sed -n 's/^Version: //p' DESCRIPTION)

# Library to install into and test from. Empty: R's default library when it is
# writable; otherwise (a user who is not root on a fresh machine) a private
# library `lib/` under this checkout. `make test LIB=/some/dir` picks one.
LIB ?= $(shell $(RSCRIPT) -e 'cat(if (file.access(.libPaths()[1], 2) == 0) "" else "lib")' 2>/dev/null)
LIB_FLAG = $(if $(LIB),-l $(LIB),)
LIB_ENV = $(if $(LIB),R_LIBS="$(abspath $(LIB))$${R_LIBS:+:$$R_LIBS}" RECURRENT_TEST_LIB="$(LIB)",)

.PHONY: all install demo test check doc bench clean sanitize valgrind

all: install

# Install the package from this checkout (into LIB, see above).
install:
	$(if $(LIB),mkdir -p $(LIB))
	$(R) CMD INSTALL --preclean --no-multiarch $(LIB_FLAG) .

# Train a model on a built-in series and show what it learned.
demo: install
	$(LIB_ENV) $(RSCRIPT) inst/scripts/demo.R

# Install, then run the whole testthat suite against the installed package.
test: install
	$(LIB_ENV) _R_CHECK_MATRIX_DATA_=TRUE $(RSCRIPT) tools/run-tests.R

# Regenerate man/ (and NAMESPACE) from the roxygen comments (needs roxygen2).
# roxygen2 before 7.3 drops the delayed registrations (S3method(pkg::generic, ..))
# that NAMESPACE needs, so with it only man/ is rewritten.
doc:
	$(RSCRIPT) -e 'new <- utils::packageVersion("roxygen2") >= "7.3.0"; roxygen2::roxygenise(roclets = if (new) c("rd", "namespace") else "rd", load_code = roxygen2::load_source)'

# Full CRAN-style check of a built tarball (no network here). Building the
# vignettes needs knitr, rmarkdown and pandoc; --as-cran needs qpdf (Debian:
# apt-get install pandoc qpdf r-cran-knitr r-cran-rmarkdown).
check:
	$(R) CMD build .
	_R_CHECK_CRAN_INCOMING_=false _R_CHECK_CRAN_INCOMING_REMOTE_=false _R_CHECK_FORCE_SUGGESTS_=false \
	  $(R) CMD check --as-cran --no-manual $(PKG)_$(VERSION).tar.gz

# Speed benchmark against PyTorch (prints; never fails).
bench: install
	$(LIB_ENV) $(RSCRIPT) bench/speed.R

# ---- Memory and undefined-behaviour checks (Linux with gcc and valgrind) ----
# Both build a private copy of the package into memcheck/lib-* (never touching
# src/ or R's library), run the whole test suite against it with
# tools/run-tests.R, and write memcheck/<check>/summary.txt (plus tests.log, the
# raw reports and fuzz.tsv, every call of the fuzz test); they fail on a test
# failure or on any report (see tools/memcheck-summary.R).
MEMCHECK := memcheck
CC_R = $(shell $(R) CMD config CC | cut -d' ' -f1)
VALGRIND ?= valgrind
VALGRIND_FLAGS ?= --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,possible \
  --errors-for-leak-kinds=none --num-callers=30

# $(call pkg_copy,dir): the package sources without compiled objects.
define pkg_copy
rm -rf $(1) && mkdir -p $(1)
cp -R DESCRIPTION NAMESPACE R src $(1)/
for f in LICENSE inst man; do if [ -e $$f ]; then cp -R $$f $(1)/; fi; done
rm -f $(1)/src/*.o $(1)/src/*.so $(1)/src/*.dll
endef

# AddressSanitizer + UndefinedBehaviorSanitizer (flags in tools/Makevars.sanitize)
# with the ASan runtime preloaded into the stock R; any report aborts the test
# process; ASan reports go to memcheck/sanitize/asan.<pid>, UBSan reports to the
# test output (tests.log; with gcc, libubsan ignores log_path when ASan is preloaded).
sanitize:
	rm -rf $(MEMCHECK)/sanitize $(MEMCHECK)/lib-sanitize
	mkdir -p $(MEMCHECK)/sanitize $(MEMCHECK)/lib-sanitize
	$(call pkg_copy,$(MEMCHECK)/build-sanitize/$(PKG))
	R_MAKEVARS_USER="$(CURDIR)/tools/Makevars.sanitize" $(R) CMD INSTALL --no-test-load \
	  --no-multiarch -l $(MEMCHECK)/lib-sanitize $(MEMCHECK)/build-sanitize/$(PKG) \
	  > $(MEMCHECK)/sanitize/install.log 2>&1 || { tail -20 $(MEMCHECK)/sanitize/install.log; exit 1; }
	status=0; \
	LD_PRELOAD="$$($(CC_R) -print-file-name=libasan.so)" \
	ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:allocator_may_return_null=1:log_path=$(CURDIR)/$(MEMCHECK)/sanitize/asan" \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
	RECURRENT_TEST_LIB="$(MEMCHECK)/lib-sanitize" \
	RECURRENT_FUZZ_REPORT="$(CURDIR)/$(MEMCHECK)/sanitize/fuzz.tsv" \
	  $(RSCRIPT) tools/run-tests.R > $(MEMCHECK)/sanitize/tests.log 2>&1 || status=$$?; \
	$(RSCRIPT) tools/memcheck-summary.R sanitize $(MEMCHECK)/sanitize $$status

# The test suite under valgrind's memcheck (slow: RECURRENT_TEST_QUICK=1 makes the
# slowest tests run a reduced subset). Fails on any invalid read/write/free or use
# of uninitialised memory, and on leaks allocated by the package's own code.
# Override VALGRIND_FLAGS to add e.g. --track-origins=yes.
valgrind:
	rm -rf $(MEMCHECK)/valgrind $(MEMCHECK)/lib-valgrind
	mkdir -p $(MEMCHECK)/valgrind $(MEMCHECK)/lib-valgrind
	$(call pkg_copy,$(MEMCHECK)/build-valgrind/$(PKG))
	$(R) CMD INSTALL --no-multiarch -l $(MEMCHECK)/lib-valgrind \
	  $(MEMCHECK)/build-valgrind/$(PKG) > $(MEMCHECK)/valgrind/install.log 2>&1 \
	  || { tail -20 $(MEMCHECK)/valgrind/install.log; exit 1; }
	status=0; \
	RECURRENT_TEST_QUICK=1 OMP_WAIT_POLICY=passive \
	RECURRENT_TEST_LIB="$(MEMCHECK)/lib-valgrind" \
	RECURRENT_FUZZ_REPORT="$(CURDIR)/$(MEMCHECK)/valgrind/fuzz.tsv" \
	  $(R) -d "$(VALGRIND) $(VALGRIND_FLAGS) --log-file=$(CURDIR)/$(MEMCHECK)/valgrind/vg.%p.log" \
	  --vanilla --no-echo -f tools/run-tests.R > $(MEMCHECK)/valgrind/tests.log 2>&1 || status=$$?; \
	$(RSCRIPT) tools/memcheck-summary.R valgrind $(MEMCHECK)/valgrind $$status

clean:
	rm -f src/*.o src/*.so $(PKG)_*.tar.gz
	rm -rf $(PKG).Rcheck
