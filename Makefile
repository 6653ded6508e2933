# Developer and user entry points. Everything runs with the R on the PATH.
R ?= R
RSCRIPT ?= Rscript
PKG := recurrent
VERSION := $(shell sed -n 's/^Version: //p' DESCRIPTION)

.PHONY: all install demo test check doc bench clean

all: install

# Install the package from this checkout into R's default library.
install:
	$(R) CMD INSTALL --preclean --no-multiarch .

# Train a model on a built-in series and show what it learned.
demo: install
	$(RSCRIPT) inst/scripts/demo.R

# Install, then run the whole testthat suite against the installed package.
test: install
	$(RSCRIPT) tools/run-tests.R

# Regenerate NAMESPACE and man/ from the roxygen comments (needs roxygen2).
doc:
	$(RSCRIPT) -e 'roxygen2::roxygenise(load_code = roxygen2::load_source)'

# Full CRAN-style check of a built tarball (no network here).
check:
	$(R) CMD build .
	_R_CHECK_CRAN_INCOMING_=false _R_CHECK_CRAN_INCOMING_REMOTE_=false \
	  $(R) CMD check --as-cran --no-manual $(PKG)_$(VERSION).tar.gz

# Speed benchmark against PyTorch (prints; never fails).
bench: install
	$(RSCRIPT) bench/speed.R

clean:
	rm -f src/*.o src/*.so $(PKG)_*.tar.gz
	rm -rf $(PKG).Rcheck
