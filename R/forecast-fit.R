# Forecasting layer: rnn_fit(), the recipe from a series to a fitted
# forecaster. It reads the series (forecast-series.R), then fits one kind of
# model (fit-kinds.R) by the shape of the input:
#   one series    the default: a local network and the pretrained model of
#                 the frequency compete on held-out windows
#                 (forecast-choice.R); pretrained = "none": the local model
#                 (fc_fit_local());
#   many series   a pretrained model fine-tuned on all of them and averaged
#                 with each one's exponential smoothing, or a global model
#                 trained from scratch (fc_fit_global()); global = FALSE: the
#                 one-series default per series (fc_fit_separate());
#   pretrained = "only": the pretrained model as shipped (zero-shot).
# Every model computes on a panel (forecast-panel.R): a single series is a
# panel of one.

#' Fit a recurrent network forecaster to a time series
#'
#' `rnn_fit()` cuts a series into training windows, learns a scaling and a
#' reference (naive or seasonal naive) forecast, fits a linear autoregressive
#' path and trains an ensemble of recurrent networks on what that path leaves,
#' and keeps everything needed to forecast: use [predict.rnn_fit()] or
#' [forecast.rnn_fit()] on the result.
#'
#' @section Model:
#' Each training sample is a window of the last `lookback` observations ending
#' at an origin \eqn{t}, and the target is the next `horizon` values.
#' Windows are normalised: the last value of the window is subtracted and the
#' result divided by a per-series scale \eqn{s} (the mean absolute one-step or
#' seasonal difference, the scale of MASE), so the networks see the same kind of
#' input whatever the level of the series. The target is the change from a
#' reference forecast (`base`): the last value (`"naive"`) or the value one
#' season earlier (`"seasonal"`), or the series mean (`"none"`: the window is
#' then standardised by the series mean instead of its last value).
#' `"auto"` takes whichever of the naive and seasonal references has the
#' smaller in-sample mean absolute error over steps 1 to `horizon`, and takes
#' `"none"` instead when the mean of the observations up to each origin has
#' an error at least 10% smaller than that (returns, noise around a level;
#' not random walks or trends, whose past mean lags behind). The forecast is
#' \deqn{\hat y_{t+i} = b_{t+i} + s\,(\ell_i(w_t) + \bar g_i(w_t)),}
#' where \eqn{b} is the reference, \eqn{\ell} a ridge regression on the window
#' (the linear autoregressive path, `linear = TRUE`; its penalty is chosen on
#' the validation windows) and \eqn{\bar g} the average of `repeats` recurrent
#' networks trained on the residuals of the linear path (as `forecast::nnetar`
#' averages its networks). With `strategy = "direct"` (the default) the networks
#' output all `horizon` steps at once; with `"recursive"` they output one step
#' and are iterated. Forecasts beyond the trained horizon are made by feeding
#' forecasts back as observations, in blocks of `horizon` steps.
#'
#' The last `validation` fraction of the windows (in time order) is held out:
#' the networks stop early on it and the ridge penalty is chosen on it. The
#' linear path is then refitted on all windows. The prediction intervals are
#' calibrated on cross-fitted forecast errors from every origin of the series,
#' not on these held-out windows (see [predict.rnn_fit()]).
#'
#' `xreg` holds covariates observed with the series; they enter the window and,
#' with the direct strategy, their values over the next `horizon` steps are
#' appended to the window as known future inputs, so [predict.rnn_fit()] needs
#' `newxreg` for the forecast period.
#'
#' @section Short series:
#' The series must hold at least 4 windows, each of `lookback` observations
#' of history (at least a season with the seasonal reference) followed by
#' `horizon` targets (one with `strategy = "recursive"`). When the
#' defaults do not fit, the sizes you did not give shrink: `horizon` to a
#' third of the series (never more than its default), `lookback` to the
#' default for that horizon (about a third of the observations the horizon
#' leaves, at least 2). Should that leave fewer than 5 windows (4 for
#' training and 1 held out; 4 with `validation = 0`), the horizon shrinks
#' further one step at a time, the lookback to what is left (never below 2),
#' and failing 5 windows, 4 will do. So any series of 10 or more observations fits with the
#' defaults: 14 yearly observations get `horizon = 4` and `lookback = 3`, and
#' `predict(fit, h = 10)` forecasts further by iterating. `verbose = TRUE`
#' reports what shrank. Series that hold the default sizes keep them. Sizes
#' you give are never changed: when the series cannot hold them, the error
#' (class `recurrent_error_too_short`) says which sizes would fit. Below 10
#' observations the sizes are not shrunk: the defaults or sizes you give must
#' fit as they are, or the error says that 10 observations are needed.
#' With the default `pretrained = "auto"`, a series of a pretrained frequency
#' too short for the `horizon` you give is forecast by the pretrained model
#' instead of failing (see `pretrained`).
#' `base = "auto"` only considers a seasonal reference whose longer history
#' leaves enough windows.
#'
#' @section Dated input and calendars:
#' A data frame or tibble with a `Date`/`POSIXct` column (found automatically,
#' or named by `index`), a `zoo`/`xts` series, a `tsibble` (one series, no
#' key) or an `msts` keeps its calendar. The calendar is inferred from the
#' timestamps: business days (Monday to Friday, or the four to six days of
#' the week that four weeks or more of daily data always show, e.g. Monday to
#' Saturday or Sunday to Thursday; missing ones, up to 5% or 4, are holidays and
#' are skipped; the holidays that recur in the last five years of two years or
#' more of data, by date, by weekday of the month or by Easter (1 January, the
#' 3rd Monday of January, Good Friday), are learnt, named by `print()` and
#' skipped by the forecasts' timestamps too; many series add the holidays of
#' the days none of them has, so a stock listed a year ago skips its
#' market's), daily, weekly, monthly, quarterly, yearly,
#' hourly and sub-hourly, including trading or opening hours (bars at the same
#' times of day on the same days of the week, e.g. hourly from 09:30 to 15:30
#' on business days: nights, closed days and holidays are skipped, recurring
#' holidays learnt as for business days, and the
#' day's bars are the main period). Its main period sets the seasonal naive reference
#' and the default `lookback` and `horizon` as a `ts` frequency would
#' (business days 5, daily 7, weekly 52, monthly 12, quarterly 4, hourly 24,
#' 15-minute 96); hourly and sub-hourly data may also take the value one week
#' earlier as the reference (`base = "auto"` compares them). Timestamps that
#' fit no regular grid, duplicated timestamps or a long hole raise an error
#' of class `recurrent_irregular_time` (or `recurrent_error`); with
#' `regularise = TRUE` the observations are averaged within each step of the
#' closest grid and empty steps (and steps whose values are all `NA`) are
#' interpolated (0 with `na_action = "zero"`). Other missing steps become
#' missing values, handled by `na_action`.
#'
#' The seasonal periods of the calendar that the series covers at least twice
#' (daily data: week and, with two years or more, year; hourly: day and week;
#' business days: week and year; the periods of an `msts`) are candidates for
#' Fourier terms (harmonics up to 5 per period, all of them for short periods),
#' used as covariates whose future values are known. With `fourier = "auto"`
#' the candidate sets (none, each period alone, all periods) are compared by
#' the error of the linear path on (at most 50 of) the held-out windows, and
#' the best set is kept if its error is at least 1% below the error without
#' Fourier terms; `print(fit)` shows the choice (`fit$fourier_report` has the
#' comparison). Plain `ts` input gets no Fourier terms (its forecasts are the
#' same as without calendars).
#'
#' Forecasts of dated input keep `mean`, `lower` and `upper` as `ts` objects
#' on the observation index (so the forecast package's functions work) and
#' carry the next real timestamps in `$times`; `as.data.frame()`, `print()`
#' and `plot()` show them, and `xts::as.xts()` gives an `xts`.
#'
#' @section High-frequency data:
#' For hourly, half-hourly and other sub-daily data, daily, business-day and
#' weekly data (a data frame or other dated input of those steps, or a `ts` of
#' frequency 5, 7 or at least 24), one column
#' (with or without `xreg`), the default (`pretrained = "auto"` and none of the local
#' model's arguments) is not a network but the seasonal model, an
#' `rnn_seasonal`, which the networks did not beat on the held-out series
#' of `bench/highfreq.R` (hourly temperature at 8 weather stations,
#' half-hourly national electricity demand, daily temperature, daily stock
#' closes; the figures are in the README; weekly stock closes and weekly mean
#' demand in `bench/README.md`).
#' Per series:
#' \itemize{
#'   \item the cycles of the calendar (hourly: 24 and 168 steps; half-hourly
#'     48 and 336; daily 7 and 365; business days 5; weekly 52; the year of
#'     daily and weekly data rounded) that the data show: values one
#'     cycle apart differ less than 0.8 times as much as values half a cycle
#'     apart (a weekly cycle of sub-daily data: the same test on the changes
#'     from the same time the day before, which a moving level or a holiday
#'     does not hide; the year needs two years of data); the daily cycle of
#'     sub-daily data is always kept;
#'   \item a series that shows no cycle and whose values drift apart like a
#'     random walk's (prices, exchange rates) is forecast by its last value,
#'     with intervals that follow recent volatility: an exponentially weighted
#'     (0.94) variance of the one-step (log) changes times the quantiles of the
#'     series' own k-step changes in units of that volatility (weekly steps
#'     widened by 1.11 at 80% and 1.15 at 95%, which made the pool stocks'
#'     weekly closes cover nominally; their business-day closes needed none);
#'   \item any other is forecast by a direct regression per step (ridge, on
#'     the last values, the value at the target's phase in each cycle, the
#'     daily profile over the last 7 days and the mean of the last cycle), by
#'     an MSTL-like decomposition whose seasonal components repeat and whose
#'     adjusted series follows an autoregression on its differences (weekly
#'     data: or its exponentially smoothed level, whichever forecasts the
#'     rolling origins better), for daily data also by two harmonic
#'     regressions (three sine and cosine pairs of the week and of the year of
#'     365.25 days with an autoregression on what they leave, one fitted to
#'     the differences, one to the level with a linear trend, whose departures
#'     from the curve fade; the year from one year of data on, whether values
#'     a year apart show it or not), for weekly data that show the year by the
#'     same two at the year's exact 365.25 / 7 weeks, or by their average: the one most
#'     accurate
#'     on 24 rolling origins in the last half of the series, averaged with
#'     the other when that is within 10% of it (the regression is left out
#'     where every cycle the data show is longer than a third of the series,
#'     such as the year of 105-156 weeks of weekly data, and the rolling
#'     origins leave two of the longest cycle where enough fit); a series
#'     without a cycle (noise about a level, such as returns) is forecast by
#'     its mean unless these are 5% more accurate. Intraday data in a window
#'     too short to show the week (under two weeks and a day) are forecast
#'     by the value a week before where that is twice as accurate as every
#'     other member on the rolling origins with a week before them (a
#'     weekend that the daily cycle alone forecasts as a weekday). The rolling origins lie a
#'     whole number of cycles before the end of the series, so that each step
#'     falls at the same hour (or day of the week) as in the forecast;
#'     origins whose last cycle or forecast span holds interpolated values
#'     or a run of more than a cycle on one straight line (a filled gap, a
#'     stuck sensor, zeros) are left out while half of them remain. The
#'     intervals come from those origins'
#'     errors, each divided by the square root of the volatility at its
#'     origin (the mean absolute one-step change over the last cycle, at
#'     least 5% of the series'; on pool series the errors grew with the
#'     volatility far less than in proportion): step k's spread from
#'     its own errors, the shape of their distribution from the neighbouring
#'     steps; times the root of the volatility now, widened for how few
#'     independent windows the origins hold at that step, and times factors
#'     fitted on pool series (1.08 at 80% and 1.15 at 95%; half-hourly and
#'     finer data 0.89 and 1.10, with more widening for few windows; weekly
#'     data 1.04 and 1.16; daily data that
#'     show the year 1.08 and 1.10) that made their coverage nominal.
#' }
#' It reads at most the last 3,000 values (or 12 of its longest cycles), so
#' a year of hourly data fits in well under a second; `predict()` beyond the
#' `horizon` it was fitted for fits it again for the longer horizon. No
#' randomness is involved. `print()` says which model each series got and
#' that no network was trained; `pretrained = "none"` or any argument of the
#' local model (`hidden`, `repeats`, ...) fits the network model instead, as
#' does a series too short for the seasonal model (3 x (`horizon` + 10)
#' values, at least 60). Many such series (`global` not given) get the
#' seasonal model of each, fitted on the workers of a parallel `future` plan
#' when future.apply is installed (the same models as without it).
#'
#' With covariates (`xreg`, such as the temperature of a load series) the
#' series is first regressed on each covariate and its square (centred at
#' its mean: a U-shaped effect such as heating and cooling), with sine and
#' cosine terms of the calendar's cycles as controls so that a covariate's
#' own daily cycle is not taken for the series'; the seasonal model above
#' forecasts what the covariates' part leaves, and the part is added back
#' with `newxreg` (held to the range of the fitted covariates). On
#' half-hourly Victorian demand with its temperature (the pool years
#' 2012-2013, 32 origins, the future temperatures known) MASE went from
#' 0.673 / 0.847 without the covariate to 0.639 / 0.662 at h = 48 / 336
#' (held-out 2014, 16 origins: 0.683 / 0.699 to 0.619 / 0.550); before,
#' `xreg` sent such series to the network model, which forecast worse than
#' without the covariate (0.966 / 0.793 on 2014) (`bench/README.md`, "Covariates of
#' high-frequency series"). Intervals are those of the seasonal model: they
#' hold the covariates' future values as known. `newdata` (`update()`,
#' `predict(newdata =)`) cannot be used with such a fit, as with the network
#' model's covariates. A series that shows no cycle and drifts like a random
#' walk (a price) keeps the network model with its covariates: a regression
#' of its level on them would be spurious.
#'
#' @section Many series:
#' Given many series (a named list of vectors or `ts`, a long data frame with
#' `key`, `index` and `value` columns, a `tsibble` with keys, or a matrix/mts
#' with `global = TRUE`) of a frequency with a pretrained model (yearly,
#' quarterly, monthly; hourly, half-hourly, daily and business days with `global = TRUE`, as
#' without it they get the seasonal model of each), the default starts from it: its networks are
#' fine-tuned on the training windows of all the series (early stopping on
#' the last fifth of each series' windows), the shipped and the fine-tuned
#' networks forecast each series' held-out windows, and per series the better
#' of the two is averaged with the series' exponential smoothing, as for one
#' series (an `rnn_combination`; `print()` counts the choices). The network's
#' share of the average is chosen per series by the one-series rule (0.5
#' unless the windows show 0.25 or 0 better by two standard errors), the
#' smoothing estimated once at the series' first held-out origin and carried
#' through the values to the later ones; series the fit has not seen
#' (`predict(newdata =)` with new keys) get equal weights. A series whose
#' last value forecast its held-out windows far better than that average
#' (under a tenth of the error, window by window: a series that has
#' stopped, as years of zeros after years of seasonal counts) is forecast
#' by its last value alone, with a random walk's intervals from the changes
#' over those windows (`print()`'s `last value` line; `update()` keeps
#' it). Otherwise
#' (another frequency, `pretrained = "none"`, or arguments that shape the
#' model) `rnn_fit()` trains one *global* model from scratch: one ensemble
#' of networks trained on the windows of all series pooled, each window
#' normalised by its own series' level and scale, so one network serves
#' series of any size. Each series keeps its own transform, reference
#' forecast (`base`), scale, linear path and interval calibration. What
#' differs from a single series (each choice measured on the M1 and tourism
#' collections, `bench/many.R`):
#' \itemize{
#'   \item `transform = "auto"` takes the log of every positive series, so
#'     that windows hold relative changes whatever the level;
#'   \item with `base = "auto"` a seasonal series (lag-`frequency`
#'     autocorrelation significant at 90%, as `forecast::thetaf()` tests,
#'     and at least three periods) is modelled seasonally adjusted by a
#'     classical additive decomposition of its transformed values, and the
#'     seasonal figure is added back to the forecasts;
#'   \item the networks train with the `"mae"` loss unless `loss` is given;
#'   \item with the linear path, every second member of the ensemble learns
#'     the change from the reference forecast instead of what the linear
#'     path leaves; the forecast averages the members, so it adds the linear
#'     path and the reference forecast in proportion to the members of each
#'     kind (a forecast combination, more accurate on both collections than
#'     either kind alone);
#'   \item the linear path of a series is its own ridge regression or the
#'     one pooled over all series, whichever forecasts its held-out windows
#'     better (its own when it has no held-out windows but at least
#'     3 (`lookback` + 1) one-step samples);
#'   \item intervals are calibrated on each series' own cross-fitted errors
#'     when it has at least 10 effective forecast windows, otherwise on the
#'     errors of all series pooled (in units of each series' local scale).
#' }
#' The series must share one frequency (one calendar unit for dated series);
#' lengths and start dates may differ. `lookback` and `horizon` are common to
#' all series: by default they follow the frequency, limited by the median
#' series length (horizon at most a third of it, lookback at most half of
#' what remains); a series shorter than the history a window needs is padded
#' at the front with its first value. Series with fewer than 10 observations
#' are left out with a warning of class `recurrent_warning_short_series`
#' naming them (they get no forecast). The ensemble members train on the
#' pooled windows with mini-batches that grow with their number (32 up to
#' 4,000 windows, at most 512); each member has its own seed drawn from R's
#' generator, and where the networks are small and two cores are free they
#' train side by side in two forked processes (`options(recurrent.concurrent
#' = FALSE)` turns this off), with the same results either way.
#' Covariates (`xreg`, Fourier terms) are not supported for many series yet.
#'
#' With `global = FALSE` each series gets what `rnn_fit()` gives one series
#' with the same arguments (the default's choice, or the model the arguments
#' ask for), run through `future.apply::future_lapply()` when future.apply
#' is installed, so any `future::plan()` spreads them over cores or machines
#' (`multisession`, `multicore`, `cluster`, future.batchtools); each series
#' has a seed drawn up front, so the fits are identical under every plan.
#' With progressr installed, `progressr::with_progress()` shows a progress
#' bar over the series. The result is an `rnn_collection`.
#'
#' [predict.rnn_fit()] forecasts every series, and with `newdata` newer
#' observations of the fit's series or, for a global or pretrained model,
#' series it never saw (zero-shot).
#'
#' @param y The series: a numeric vector, a `ts` or `msts`, a numeric matrix
#'   or `mts` (several series forecast jointly, one per column), a data frame
#'   or tibble of numeric columns with or without a `Date`/`POSIXct` column
#'   (a numeric time column, such as a year, in equal steps is read as the
#'   time axis of a `ts`: `data.frame(year = 1901:1980, temp)` is
#'   `ts(temp, start = 1901)`; numeric columns named `year` and `month`, and
#'   maybe `day`, `hour` and `minute`, in any case, are read as the parts of
#'   the time: a `Date`, or a `POSIXct` in UTC with hours, and left out
#'   beside a time column; a date written as one number, 20130105 or
#'   201301, is read as a `Date`), a `zoo`/`xts` series or a `tsibble` without keys (see "Dated input");
#'   or many series: a named list of series, a long data frame (with `key`)
#'   or a `tsibble` with keys (see "Many series").
#' @param xreg Optional covariates: a numeric vector, matrix or data frame with
#'   one row per observation of `y`.
#' @param lookback Length of the network's input window (the network model
#'   only; high-frequency data get the seasonal model by default, see
#'   "High-frequency data"). Default: two seasonal periods for
#'   a seasonal series (frequency 2 to 24: business days 10, daily 14,
#'   hourly 48), one period but at most 60 for
#'   higher frequencies (52 for weekly data; 60 for a `ts` of frequency 260,
#'   365 or 168: the seasonal reference carries the longer season),
#'   12 without a season; shortened so that at least about three windows fit
#'   in the series, and shortened further for a short series (see "Short
#'   series").
#' @param horizon Number of steps the model forecasts at once. Default from
#'   the frequency: 10 (yearly or none), 8 (quarterly), 18 (monthly), 13
#'   (weekly), 14 (daily), 10 (business days), 48 (hourly), 96
#'   (half-hourly), 20 (a `ts` of frequency 260 or 252); a network model's
#'   is shortened for a short series (see "Short series"). A network model
#'   forecasts further ahead by iterating; the seasonal model is fitted again
#'   for the longer horizon.
#' @param cell Recurrent cell: `"lstm"`, `"gru"` or `"rnn"`.
#' @param hidden Hidden units per layer.
#' @param layers Number of stacked recurrent layers.
#' @param ... Training and network options passed on to [rnn_train()] and
#'   [rnn_net()]: `epochs` (default 100), `lr` (0.005), `batch_size` (32),
#'   `optimizer`, `loss`, `patience` (10), `clip`, `weight_decay`,
#'   `dropout`, `bidirectional`, `merge`, `activation`, and `precision`:
#'   the arithmetic of every network of the fit, the pretrained ones too.
#'   The default is `getOption("recurrent.precision")` when set, else
#'   `"single"` (float: the same accuracy as `"double"` on the package's
#'   held-out benchmark, fits about 1.6 times faster; see "Precision" in
#'   [rnn_net()]).
#' @param repeats Number of networks trained from different random starts and
#'   averaged. `0` fits the linear path alone (no network).
#' @param strategy `"direct"` (one network output per horizon step) or
#'   `"recursive"` (one-step network iterated).
#' @param linear Fit the linear autoregressive path beside the networks?
#' @param base Reference forecast the model learns the change from: `"auto"`,
#'   `"seasonal"`, `"naive"`, or `"none"` (learn the level itself from windows
#'   standardised by the series mean and scale).
#' @param transform `"none"`, `"log"` (all values must be positive) or `"auto"`
#'   (log when the series is positive and its seasonal swings grow with its
#'   level; for daily and finer data never for a series with values under a
#'   tenth of its median, as temperatures near freezing: their intervals
#'   would explode once taken back from the log scale).
#' @param validation Fraction of the windows, taken from the end, held out for
#'   early stopping and choosing the ridge penalty (and, with `linear = FALSE`,
#'   calibrating the intervals).
#' @param na_action What to do with missing values in `y` or `xreg` (`NA`
#'   values, and in dated data timestamps absent from the data's calendar):
#'   `"error"` (the default, the message says where they are),
#'   `"interpolate"` (linear interpolation, ends carried flat) or `"zero"`
#'   (a missing value or time means none, as for counts of sales or
#'   flights: it is 0, also for the steps `regularise` inserts). Missing
#'   values before the first observation (every column `NA`) are left out
#'   either way: the series starts at its first value (and `xreg`, given for
#'   every row of `y`, loses the same rows). A run of
#'   interpolated values (here or by `regularise`) longer than the
#'   calendar's first seasonal period (a day of hourly data; 10 steps
#'   without one) is a warning of class `recurrent_warning_interpolated`
#'   naming it: the model learns from that straight line as from data.
#' @param verbose `TRUE` (or 1) prints one line per stage of the fit (what
#'   is fitted, then its time) and a last line with the choice and the
#'   whole time; `2` also every network's epochs; `FALSE` nothing. With
#'   progressr installed, a fit also reports to one progress bar per call
#'   (shown by `progressr::with_progress()` or `progressr::handlers(global =
#'   TRUE)`), advancing over its stages, networks and epochs (and series of
#'   a many-series fit).
#' @param index For a data frame with several date/time columns, the name of
#'   the one holding the time index; or a numeric column (years, step
#'   numbers) in equal steps, read as the time axis of a `ts` with frequency
#'   1 / step. Without `index`, the one numeric column in equal increasing
#'   steps beside others is taken so.
#' @param regularise Map irregular or duplicated timestamps onto the closest
#'   regular calendar (averaging within a step, interpolating empty steps and
#'   missing values) instead of raising an error? A reading up to 1% of a
#'   sub-daily step before a grid time (a logger's clock a few seconds early)
#'   counts for that time. For a long data frame of many series, each key's
#'   timestamps.
#' @param key,value For a long data frame of many series: the name(s) of the
#'   column(s) telling the series apart (several are joined with "/") and of
#'   the column to forecast (needed when there are several numeric columns;
#'   other columns are ignored). The time column is `index` (or the single
#'   date/time column). See "Many series". `value` without `key` picks the
#'   one series to forecast from a data frame with other columns (a
#'   station's name, other variables): that column on the data frame's time
#'   column, the others left out; for a list of data frames (as `split()`
#'   gives), from each of them. A data frame grouped by `dplyr::group_by()`
#'   takes its grouping columns (but a date or time among them) as `key`.
#' @param pretrained `"auto"` (the default), `"none"` or `"only"`. The
#'   package ships pretrained recurrent forecasters for yearly, quarterly,
#'   monthly, hourly, half-hourly, daily and business-day series (see
#'   [rnn_pretrained()]); a frequency below 1 (a value every 2 or 10 years)
#'   gets the yearly one. For the last four the default is the seasonal model (see
#'   High-frequency data), which measured ahead of the pretrained ones; they
#'   serve `"only"`, many series with `global = TRUE`, and series too short
#'   for the seasonal model.
#'   * `"auto"`: for one series of those frequencies without `xreg`, three
#'     models compete on the series' own held-out windows (the local model's
#'     validation windows): the pretrained model as it is, the pretrained
#'     model fine-tuned on the series (its networks trained on by the
#'     series' training windows from their pretrained weights, learning rate
#'     0.001, at most 30 epochs, early stopping on the held-out windows where
#'     the pretrained weights compete as epoch 0), and the local model
#'     `pretrained = "none"` fits. Each is scored by its mean absolute error
#'     over those windows (all steps of the horizon), and the better
#'     pretrained one forecasts. The local model wins only for a series it
#'     treats as stationary (its reference forecast is the series mean, which
#'     the pretrained model never uses) with held-out windows worth at least
#'     4 independent ones (the overlapping windows counted as about n / ((h +
#'     1) / 2)), unless a pretrained one beats it by
#'     more than two standard errors of the difference: its
#'     held-out errors are optimistic (its early stopping, ridge penalty and
#'     reference forecast were chosen on those windows), and letting it win
#'     on them made the default less accurate on series held out of
#'     pretraining. Whatever the series, the local model wins when it is far
#'     better: its held-out errors under a tenth of the better pretrained
#'     one's, window by window, with two standard errors to spare (a paired
#'     comparison of the logarithms of the errors). When a pretrained one wins, its forecast is averaged
#'     with an exponential smoothing forecast of the series (additive errors
#'     on the log scale, or the original scale when a value is 0 or below or,
#'     for daily and finer data, under a tenth of the median;
#'     the average of a model without a trend and one with a damped trend,
#'     weighted by how well each fits, exp(-AICc / 16);
#'     seasonal states from two whole cycles on, a season of more than 4
#'     steps shrunk toward none by how much of it noise explains; parameters by least squares
#'     of the one-step errors), and the intervals keep the pretrained model's widths around
#'     the average: on the series held out of pretraining, the average was
#'     more accurate than either alone (see `bench/README.md`). The two get
#'     equal weights unless the same held-out windows (the smoothing
#'     refitted at each of their origins) show the network's share at 0.25
#'     or 0 better by two standard errors; the network's share is never
#'     raised above a half, since its errors on those windows are optimistic.
#'     `print()` shows the choice, the three errors, the weights and the smoothing
#'     model, and `fit$selection` holds them. When the call gives arguments that shape
#'     the local model (`lookback`, `cell`, `hidden`, `layers`, `repeats`,
#'     `strategy`, `linear`, `base`, `transform`, `fourier` or training
#'     options in `...`) the local model is fitted alone, unless
#'     `pretrained = "auto"` is given too. Series of other frequencies, with
#'     covariates, or of several columns get the local model, and `print()`
#'     says why. A series too short for the `horizon` asked of the local
#'     model (see Short series) is forecast by the pretrained model alone, as with
#'     `"only"`; the result is then an `rnn_global` whose `local_error` says
#'     why.
#'   * `"none"`: the local model only, trained on `y` alone.
#'   * `"only"`: forecasts `y` (one series or many) with the pretrained
#'     model of its frequency without any training: each series gets its own
#'     scaling, reference forecast, linear path (its own when it is long
#'     enough, the pretrained pooled path otherwise) and interval
#'     calibration (its own out-of-sample errors, widened for how few they
#'     are, when it has at least (`horizon` + 1) / 2 forecast origins; the
#'     pretrained pooled calibration otherwise). The other model arguments
#'     are then ignored.
#' @param h Not an argument of `rnn_fit()`: the forecast horizon is
#'   `horizon` when fitting and `h` in [predict.rnn_fit()]. Given, it is an
#'   error of class `recurrent_error_unknown_argument` that says so.
#' @param global For many series: `TRUE` (the default for a list, a long data
#'   frame or a tsibble with keys) fits one global model, `FALSE` one local
#'   model per series. For a matrix, mts, xts, tsibble without keys or wide
#'   data frame (a time column and several value columns) the default,
#'   `NULL`, forecasts the columns jointly; `TRUE` and `FALSE` treat them as
#'   separate series, each keeping the calendar of the time column.
#' @param fourier Calendar Fourier covariates: `"auto"` (kept when they help
#'   on the held-out windows), `TRUE` (always, for every seasonal period of
#'   the calendar) or `FALSE`.
#' @return A fit: a list of class `c(<kind>, "rnn_fit")` whose kind says
#'   what forecasts (see [rnn_fit-methods] for what every kind answers):
#'   \itemize{
#'     \item `rnn_local`: a network model trained on the series (the local
#'       model: `pretrained = "none"`, or the default when it wins);
#'     \item `rnn_global`: a network model trained on many series at once;
#'     \item `rnn_transfer`: a pretrained network model applied to the
#'       series, as shipped (`pretrained = "only"`, or a series too short for
#'       the local model) or fine-tuned on them;
#'     \item `rnn_combination`: the default when a pretrained network wins:
#'       `members` (the network, an `rnn_transfer`, and `smooth`, an
#'       `rnn_smooth`: exponential smoothing of each series), the `weights`
#'       of their forecasts per series and the member whose interval widths
#'       each series keeps (`intervals`);
#'     \item `rnn_seasonal`: the default for high-frequency data (see
#'       "High-frequency data"): per series in `models` the `type`
#'       (`"seasonal"` or `"random walk"`), the cycles the data show
#'       (`shown`), and for a seasonal one the `weights` of the direct
#'       regression, the decomposition (and the mean, for a series without
#'       a cycle), their rolling-origin `mae`, the
#'       forecast `mean` over `horizon` steps and the `scaled` rolling-origin
#'       errors that set the intervals; no network;
#'     \item `rnn_collection`: one fit per series (`fits`), `global = FALSE`.
#'   }
#'   Every kind holds its series once in `data` (values, time axes,
#'   calendars), the `call`, the keys left out for too few observations
#'   (`skipped`) and, when rnn_fit() chose among candidates, the record of
#'   the choice in `selection`: the `choice` (`"pretrained"`, `"fine-tuned"`,
#'   `"local"`, or `"global"`), the held-out errors (`score`), the `margin`
#'   of the choice, `windows` and `h`, or the `reason` the pretrained model
#'   did not compete. A network kind's `model` holds the network model: the
#'   sizes (`lookback`, `horizon`, `steps`, `history`), per series the
#'   `transform`, seasonal figure (`season`), reference lag (`lag`: 0 the
#'   mean, 1 naive, m seasonal naive), `scale`, linear path (`coef`), the
#'   trained networks (`nets`, each with its `history` and, in
#'   `training$best_epoch`, the epoch whose weights were kept: 0 when early
#'   stopping kept the untrained start, which adds nothing to the forecast),
#'   the interval `calibration` and the one-step `fitted` values; an
#'   `rnn_transfer`'s `source` says which pretrained model and whether (and
#'   how) it was fine-tuned.
#' @seealso [predict.rnn_fit()], [forecast.rnn_fit()], [plot.rnn_fit()]
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(AirPassengers, hidden = 8, repeats = 1, epochs = 5)
#' fit
#' fc <- predict(fit, h = 12)
#' fc
#' plot(fc)
#'
#' # The default on a monthly series: the pretrained model as shipped or
#' # fine-tuned on the series, whichever forecasts its held-out windows
#' # better (the local model for a series stationary around its mean)
#' fit0 <- rnn_fit(nottem)
#' fit0$selection$choice
#'
#' # Several series jointly, with the linear path alone (fast)
#' fit2 <- rnn_fit(EuStockMarkets[1:300, c("DAX", "SMI", "FTSE")], repeats = 0, horizon = 5)
#' predict(fit2)
#'
#' # Stock prices on business days: the forecasts carry the next weekdays
#' days <- seq(as.Date("1991-07-01"), by = "day", length.out = 2700)
#' days <- days[!format(days, "%u") %in% c("6", "7")][seq_len(nrow(EuStockMarkets))]
#' stocks <- data.frame(date = days, EuStockMarkets[, c("DAX", "SMI", "FTSE")])
#' fit_dax <- rnn_fit(stocks[, c("date", "DAX")], repeats = 0)
#' fit_dax
#' predict(fit_dax, h = 5)$times
#'
#' # Weather with its real dates: temperature with wind and solar radiation
#' # as covariates (simulated)
#' set.seed(3)
#' weather <- data.frame(date = seq(as.Date("2023-05-01"), by = "day", length.out = 153),
#'                       wind = round(rgamma(153, 4, 0.4), 1), solar = round(runif(153, 50, 300)))
#' weather$temp <- round(75 + 8 * sin(pi * (1:153) / 153) - 0.8 * (weather$wind - 10) +
#'                       0.02 * (weather$solar - 175) + rnorm(153, 0, 3))
#' weather$solar[c(5, 6, 11)] <- NA   # days without a reading
#' fit3 <- rnn_fit(weather[1:140, c("date", "temp")], xreg = weather[1:140, c("wind", "solar")],
#'                 horizon = 7, repeats = 1, hidden = 8, epochs = 5,
#'                 na_action = "interpolate")
#' predict(fit3, newxreg = weather[141:147, c("wind", "solar")])
#'
#' # Many series, one global model: a long data frame of monthly sales
#' set.seed(2)
#' shop <- function(id, n) data.frame(shop = id,
#'   month = seq(as.Date("2018-01-01"), by = "month", length.out = n),
#'   sales = 100 + 20 * sin((1:n) * pi / 6) + cumsum(rnorm(n)))
#' sales <- rbind(shop("north", 48), shop("south", 36), shop("east", 30))
#' fit4 <- rnn_fit(sales, key = "shop", index = "month", value = "sales",
#'                 repeats = 1, hidden = 8, epochs = 5)
#' fit4
#' head(as.data.frame(predict(fit4, h = 6)))
#' @export
rnn_fit <- function(y, xreg = NULL, lookback = NULL, horizon = NULL, cell = "lstm",
                    hidden = 32, layers = 1, ..., repeats = 5,
                    strategy = c("direct", "recursive"), linear = TRUE,
                    base = c("auto", "seasonal", "naive", "none"),
                    transform = c("auto", "none", "log"), validation = 0.2,
                    na_action = c("error", "interpolate", "zero"),
                    verbose = interactive(), index = NULL, regularise = FALSE,
                    fourier = "auto", key = NULL, value = NULL, global = NULL,
                    pretrained = c("auto", "none", "only"), h = NULL) {
  fit_call <- match.call()
  call <- sys.call()
  # `h` is a formal only to catch the forecast package's habit (without it,
  # `h = 12` partially matches both `horizon` and `hidden`: R's own error)
  if (!missing(h)) fc_check_dots(list(h = h), "rnn_fit", call, args = "y, xreg, horizon, ... (see ?rnn_fit)")
  st <- fc_fit_settings(fit_call, call, xreg = xreg, lookback = lookback, horizon = horizon,
                        cell = cell, hidden = hidden, layers = layers, dots = list(...),
                        repeats = repeats, strategy = strategy, linear = linear, base = base,
                        transform = transform, validation = validation,
                        na_action = na_action, verbose = verbose, index = index,
                        regularise = regularise, fourier = fourier, key = key, value = value,
                        global = global, pretrained = pretrained)
  expr <- substitute(y)
  # dplyr's group_by(): the groups are the series
  if (is.null(st$key)) st$key <- fc_group_key(y)
  y <- fc_time_from_parts(y, st$index, st$key, st$value, "y", call)
  label <- fc_series_label(expr, y)
  # one series of a data frame: its `value` column beside others, a numeric
  # time column (years) as its ts axis
  if (is.null(st$key)) {
    fr <- fc_read_frame(y, st$value, st$index, st$regularise, TRUE, "y", call)
    y <- fr$y
    st[c("index", "numeric_index", "picked")] <- fr[c("index", "numeric_index", "picked")]
    label <- fr$label %||% label
  }
  input <- fc_read_series(y, xreg, st, call, label)
  data <- input$data
  # one progress bar and one line per stage for the whole call
  if (rec_fit_progress_open(st$verbose, environment())) on.exit(rec_fit_progress_close(), add = TRUE)
  fit <- if (st$pretrained == "only") fc_fit_zero_shot(data, st, call) else
    if (data$layout == "many") fc_fit_many(data, st, call) else fc_fit_one(data, st, call)
  fit$call <- fit_call
  fit$skipped <- input$skipped
  rec_fit_progress_done(fc_fit_outcome(fit))
  fit
}

# The last line `verbose` prints: the choice (print()'s line), else the kind.
fc_fit_outcome <- function(fit) {
  sel <- fc_selection_lines(fit)
  if ("chosen" %in% names(sel)) paste("chosen:", sel[["chosen"]]) else
    sprintf("fitted: %s forecaster", fc_kind_title(fit))
}

# rnn_fit()'s arguments checked, as the settings `st` every fitting function
# reads; `shaped`: the arguments of the local model the user gave (they keep
# it, unless `pretrained` is given too).
fc_fit_settings <- function(fit_call, call, xreg, lookback, horizon, cell, hidden, layers, dots,
                            repeats, strategy, linear, base, transform, validation, na_action,
                            verbose, index, regularise, fourier, key, value, global, pretrained) {
  st <- list(
    strategy = check_choice(strategy, c("direct", "recursive"), "strategy", call = call),
    base = check_choice(base, c("auto", "seasonal", "naive", "none"), "base", call = call),
    transform = check_choice(transform, c("auto", "none", "log"), "transform", call = call),
    na_action = check_choice(na_action, c("error", "interpolate", "zero"), "na_action", call = call),
    cell = check_choice(cell, c("lstm", "gru", "rnn"), "cell", call = call),
    hidden = check_int(hidden, "hidden", call = call),
    layers = check_int(layers, "layers", call = call),
    repeats = check_int(repeats, "repeats", min = 0, call = call),
    linear = check_flag(linear, "linear", call = call),
    verbose = fc_check_verbose(verbose, call),
    validation = check_num(validation, "validation", min = 0, max = 1, max_open = TRUE, call = call),
    horizon = fc_check_count(horizon, "horizon", call = call),
    lookback = fc_check_count(lookback, "lookback", call = call),
    regularise = check_flag(regularise, "regularise", call = call),
    pretrained = check_choice(pretrained, c("auto", "none", "only"), "pretrained", call = call),
    index = index, key = key, value = value, xreg = !is.null(xreg))
  if (!st$linear && st$repeats == 0)
    rec_abort("`repeats` must be at least 1 when `linear = FALSE`, not 0 (there would be no model).",
              call = call)
  st$fourier <- if (identical(fourier, "auto")) "auto" else check_flag(fourier, "fourier", call = call)
  st$opts <- fc_split_dots(dots, call)
  st$opts$net$precision <- st$opts$net$precision %||% fc_default_precision(call)
  st$global <- if (!is.null(global)) check_flag(global, "global", call = call)
  st$shaped <- fc_transfer_shaped(fit_call)
  st$local_args <- fc_local_args(fit_call)
  if (st$pretrained == "only" && st$xreg)
    rec_abort("`xreg` cannot be used with `pretrained = \"only\"`: the pretrained models take no covariates.",
              call = call)
  st
}

# `verbose`: FALSE/0 (silent), TRUE/1 (a line per stage) or 2 (also every
# network's epochs).
fc_check_verbose <- function(verbose, call) {
  if (isTRUE(verbose)) return(1L)
  if (isFALSE(verbose)) return(0L)
  check_int(verbose, "verbose", min = 0, max = 2, call = call)
}

# Reads `y` (and `xreg`) as rnn_fit() takes them: list(data = a series store
# (forecast-series.R), skipped = keys left out for too few observations).
fc_read_series <- function(y, xreg, st, call, label) {
  input <- list(key = st$key, index = st$index, value = st$value, regularise = st$regularise,
                na_action = st$na_action, numeric_index = st$numeric_index)
  if (fc_is_many_input(y, st$key, st$global)) {
    if (st$xreg)
      rec_abort("`xreg` is not supported for many series yet; fit them without covariates.",
                call = call)
    if (isTRUE(st$fourier))
      rec_abort("`fourier = TRUE` is not supported for many series yet.", call = call)
    parts <- fc_many_input(y, st$key, st$index, st$value, "y", call,
                           regularise = st$regularise)
    inputs <- fc_many_series(parts$series, st$index, st$regularise, st$na_action, "y", call)
    input$key <- parts$key
    return(list(data = fc_series_from_inputs(inputs, "many", input), skipped = parts$skipped))
  }
  if (isTRUE(st$global))
    rec_abort(sprintf(paste0("`global = TRUE` needs many series (a list, a long data frame ",
                             "with `key`, a tsibble with keys, or a matrix with several ",
                             "columns), not %s."), describe(y)), call = call)
  if (!is.null(st$key) || !is.null(st$value) && !isTRUE(st$picked))
    rec_abort(sprintf(paste0("`key` and `value` name the columns of a data frame (`key`: of many ",
                             "series), but `y` is %s."), describe(y)), call = call)
  inp <- fc_input_series(y, st$index, st$regularise, "y", call, st$na_action)
  inp <- fc_fill_input(inp, st$na_action, "y", call)
  # covariates given for every row of y lose the rows y starts after (unless
  # they come without them already)
  N <- nrow(inp$ser$Y)
  k0 <- if (!is.null(xreg) && NROW(xreg) == N) 0L else inp$dropped
  X <- fc_drop_rows(fc_as_xreg(xreg, N + k0, "xreg", na_action = NULL, call = call), k0)
  if (anyNA(X)) X <- fc_handle_na(X, c(1, nrow(X), 1), st$na_action, "xreg", call)
  k <- ncol(inp$ser$Y)
  data <- fc_series_from_inputs(stats::setNames(list(inp), label),
                                if (k > 1L) "joint" else "one", input,
                                xreg = if (!is.null(X)) list(X))
  list(data = data, skipped = character(0))
}

# The name of the series `y` given as the expression `expr`: its value
# column (a data frame, tsibble or zoo with one), the variable it was given
# as or the first variable of the expression, else "y".
fc_series_label <- function(expr, y) {
  if (is.data.frame(y) || inherits(y, "zoo")) {
    cn <- colnames(y)
    num <- cn[vapply(seq_along(cn), function(j) {
      v <- if (is.data.frame(y)) y[[j]] else unclass(y)[, j]
      is.numeric(v) && !inherits(v, cal_time_classes)
    }, NA)]
    if (length(num) == 1L) return(num)
  }
  if (is.symbol(expr)) return(as.character(expr))
  # an expression: the first variable among its arguments, depth first
  # (window(AirPassengers, end = 1958) -> "AirPassengers")
  first <- function(e) {
    if (is.symbol(e)) return(if (nzchar(as.character(e))) as.character(e))
    if (!is.call(e)) return(NULL)
    for (a in as.list(e)[-1]) {
      v <- first(a)
      if (!is.null(v)) return(v)
    }
    NULL
  }
  first(expr) %||% "y"
}

# One series (of one or several columns): the default's choice, or the local
# model (pretrained = "none", or no pretrained model for it: the reason is
# kept in `selection`). Under the default, a series too short for the local
# model's sizes is forecast by the pretrained model alone.
fc_fit_one <- function(data, st, call) {
  fit <- fc_try_seasonal(data, st, call)
  if (!is.null(fit)) return(fit)
  skip <- if (st$pretrained == "auto")
    fc_transfer_skip(length(data$columns), data$xreg, fc_series_frequency(data), st$shaped)
  if (st$pretrained == "none" || !is.null(skip)) {
    fit <- fc_fit_local(data, st, call)$fit
    if (!is.null(skip)) fit$selection <- list(choice = "local", reason = skip)
    return(fit)
  }
  short <- function(e) {
    if (nrow(data$y[[1]]) < 10L) stop(e)
    e
  }
  fit <- tryCatch(fc_fit_default_one(data, st, call), recurrent_error_too_short = short)
  if (!inherits(fit, "error")) return(fit)
  out <- fc_fit_zero_shot(data, st, call)
  out$selection <- list(choice = "pretrained", reason = conditionMessage(fit))
  out$h_default <- st$horizon
  out
}

# The local model of one series (fc_prepare_local(), then
# fc_network_fit()); `held_out`: also the forecasts of its held-out windows
# (for the default's choice). Returns list(fit, held).
fc_fit_local <- function(data, st, call, held_out = FALSE, share = 1) {
  rec_fit_stage(if (st$repeats == 0L) "local model (a linear path, no networks)" else
    sprintf("local model (%s %s(%d)%s)", fc_count(st$repeats, "network"), toupper(st$cell),
            st$hidden, if (st$linear) " and a linear path" else ""), share)
  prep <- fc_prepare_local(data, st, call)
  rec_fit_note(prep$note)
  res <- fc_network_fit(prep, st, "local", call, held_out = held_out)
  list(fit = new_rnn_local(data, res$model, call, prep$fourier_report), held = res$held)
}

# Many series: the pretrained model of their frequency fine-tuned on them and
# averaged with their smoothing (the default where there is one), a global
# model trained from scratch, or (global = FALSE) the default per series.
fc_fit_many <- function(data, st, call) {
  if (isFALSE(st$global)) return(fc_fit_separate(data, st, call))
  if (is.null(st$global)) {
    fit <- fc_try_seasonal(data, st, call)
    if (!is.null(fit)) return(fit)
  }
  skip <- if (st$pretrained == "auto")
    fc_transfer_skip(1L, NULL, fc_series_frequency(data), st$shaped)
  if (st$pretrained == "auto" && is.null(skip)) return(fc_fit_default_many(data, st, call))
  fc_fit_global(data, st, call, if (!is.null(skip)) list(choice = "global", reason = skip))
}

# A global model of many series trained from scratch.
fc_fit_global <- function(data, st, call, selection = NULL) {
  # how many recent seasonal cycles the seasonal figure takes (NULL: all);
  # an option only tools/pretrain.R sets (see fc_season_figure())
  st$season_cycles <- getOption("recurrent.season_cycles")
  # and how many whole cycles a series needs for one (NULL: 3); likewise
  st$season_min <- getOption("recurrent.season_min")
  rec_fit_stage(sprintf("global model of %d series (%s %s(%d))", length(data$names),
                        fc_count(st$repeats, "network"), toupper(st$cell), st$hidden), 1)
  prep <- fc_prepare_global(data, st, call)
  res <- fc_network_fit(prep, st, "global", call)
  new_rnn_global(data, res$model, call, selection = selection)
}

# rnn_fit(many, global = FALSE): the one-series fit of each series (the
# default, or what the arguments ask for), through future.apply when it is
# installed (any future plan: sequential, multisession, multicore, cluster,
# batchtools), with progress through progressr when that is installed. Every
# series gets a seed drawn up front from R's generator, so the fits are the
# same under every plan (and without future.apply); the generator's state
# afterwards is the one after drawing the seeds.
fc_fit_separate <- function(data, st, call) {
  ns <- length(data$names)
  rng <- fc_draw_seeds(ns)
  on.exit(rng$restore())
  seeds <- rng$seeds
  st1 <- st
  st1$verbose <- 0L
  rec_fit_stage(sprintf("one fit per series, %s", fc_count(ns, "series")), 1)
  tick <- rec_fit_ticker(ns)
  one <- function(i) {
    set.seed(seeds[i])
    d <- fc_series_subset(data, i, "one")
    # each series' fit reports as one step of this stage, wherever it runs
    f <- rec_fit_muted(tryCatch(fc_fit_one(d, st1, call), recurrent_error = function(e) e))
    tick(message = data$names[i])
    f
  }
  idx <- seq_len(ns)
  fits <- if (requireNamespace("future.apply", quietly = TRUE)) {
    future.apply::future_lapply(idx, one, future.seed = TRUE, future.packages = "recurrent")
  } else lapply(idx, one)
  bad <- vapply(fits, inherits, NA, "recurrent_error")
  if (any(bad)) {
    e <- fits[[which(bad)[1]]]
    rec_abort(sprintf("fitting series \"%s\" failed: %s", data$names[which(bad)[1]],
                      conditionMessage(e)),
              class = setdiff(class(e), c("recurrent_error", "error", "condition")), call = call)
  }
  names(fits) <- data$names
  new_rnn_collection(fits, call)
}

# The precision of rnn_fit()'s networks when `...` does not give one:
# options(recurrent.precision) when set, else single. Measured on the 517
# held-out forecasts of bench/accuracy.R (bench/README.md, "Single
# precision"): the same MASE, gMASE, sMAPE and coverage to the digits shown
# (forecasts within 2.4e-3 relative, median 9e-9), fits 1.6x faster.
fc_default_precision <- function(call) {
  check_choice(getOption("recurrent.precision", "single"), c("double", "single"),
               "getOption(\"recurrent.precision\")", call = call)
}

# Split `...` of rnn_fit() into rnn_net() and rnn_train() arguments.
fc_split_dots <- function(dots, call) {
  if (length(dots) == 0L) return(list(net = list(), train = list()))
  nm <- names(dots)
  if (is.null(nm) || any(!nzchar(nm))) {
    rec_abort(paste0("arguments in `...` must be named (e.g. `epochs = 50`), but ",
             sum(if (is.null(nm)) rep(TRUE, length(dots)) else !nzchar(nm)),
             " of them are not."), call = call)
  }
  net_args <- c("bidirectional", "merge", "dropout", "activation", "precision")
  train_args <- c("loss", "optimizer", "lr", "epochs", "batch_size", "clip",
                  "weight_decay", "momentum", "patience", "shuffle")
  bad <- setdiff(nm, c(net_args, train_args))
  if (length(bad)) {
    hints <- fc_argument_hints("rnn_fit")
    known <- intersect(bad, names(hints))
    rec_abort(paste0(sprintf("unknown argument%s %s to rnn_fit(); in `...` it takes training or network options: %s.",
                             if (length(bad) > 1) "s" else "", paste0("`", bad, "`", collapse = ", "),
                             paste(c(train_args, net_args), collapse = ", ")),
                     if (length(known)) paste0(" ", paste(sprintf("For `%s`: %s.", known, hints[known]),
                                                          collapse = " "))),
              class = "recurrent_error_unknown_argument", call = call)
  }
  opts <- list(net = dots[nm %in% net_args], train = dots[nm %in% train_args])
  # check the values now, with the checks rnn_net() and rnn_train() apply, so a
  # bad one stops rnn_fit() before any work
  fc_in_call(do.call(check_train_options, opts$train, quote = TRUE), call)
  fc_in_call(do.call(validate_spec, utils::modifyList(
    list(input_size = 1, hidden_size = 1, output_size = 1, cell = "lstm", layers = 1,
         bidirectional = FALSE, merge = "concat", activation = "tanh",
         output_activation = "linear", return_sequences = FALSE, dropout = 0),
    opts$net), quote = TRUE), call)
  opts
}

