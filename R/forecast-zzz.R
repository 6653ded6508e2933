# Conditional S3 registration for generics of suggested packages.
#
# forecast::forecast(fit) must reach forecast.rnn_fit when the forecast package
# is installed, whichever package is loaded first: register the method in the
# forecast namespace now if it is loaded, and otherwise when it loads (a hook on
# its onLoad event). Nothing here loads the forecast package.

fc_register_s3 <- function(pkg, generic, class, fun) {
  # No exists() guard: while the onLoad hook runs, the namespace's objects are
  # not visible yet, yet registering into its S3 table works.
  register <- function(...) registerS3method(generic, class, fun, envir = asNamespace(pkg))
  if (isNamespaceLoaded(pkg)) register()
  setHook(packageEvent(pkg, "onLoad"), function(...) register())
  invisible()
}

.onLoad <- function(libname, pkgname) {
  fc_register_s3("forecast", "forecast", "rnn_fit", forecast.rnn_fit)
  fc_register_s3("forecast", "accuracy", "rnn_fit", accuracy.rnn_fit)
  fc_register_s3("forecast", "accuracy", "rnn_forecast", accuracy.rnn_forecast)
  fc_register_s3("forecast", "accuracy", "rnn_mforecast", accuracy.rnn_mforecast)
  invisible()
}
