library(testthat)
library(recurrent)

test_check("recurrent")
