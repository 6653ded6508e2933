#!/usr/bin/python3
"""PyTorch side of the recurrent speed benchmark (bench/speed.R calls this).

Times, per configuration, one training step of a PyTorch recurrent network
(float64 or float32, the configuration's "dtype"; 2 threads, nn.LSTM/GRU/RNN with batch_first=True, an nn.Linear head
on the summary state, MSELoss, Adam: zero_grad / forward / backward / step) and
a forward-only predict on one batch, and reports the process's peak RSS.

Usage
  torch_speed.py '<json>'          configurations as a JSON list (or one object)
  torch_speed.py - < configs.json  the same JSON on stdin
  torch_speed.py --gemm [N]        N x N matmul GFLOP/s (default 2000; float64, or
                                   the dtype of --dtype)
Options
  --json        print one JSON object per line instead of TSV
  --inprocess   run every configuration in this process (by default, when
                there is more than one, each runs in a fresh child process so
                that its peak RSS is its own)
  --threads K   torch threads (default 2)
  --dtype D     float64 (default) or float32: for --gemm, and for configurations
                that do not give their own

A configuration is an object with keys
  cell ("lstm" | "gru" | "rnn"), hidden, batch, steps (sequence length T),
  features, and optionally name, layers (1), bidirectional (false),
  target_seconds (2.0, time spent per measurement), min_steps (3),
  max_steps (2000), warmup (2), clip (null: no clipping; a number: clip the
  global gradient norm to it, after backward), seed (1), dtype ("float64" or
  "float32": the model, the data and the optimizer state).

Output (TSV, default): lines starting with '#' are comments; then a header
line and one row per configuration with the columns listed in FIELDS.
Times are milliseconds: train_ms is the median time of one training step,
predict_ms the median time of a forward pass over one batch under no_grad.
peak_rss_mb is ru_maxrss of the process that ran the configuration (it
includes the torch library itself); base_rss_mb is the RSS right after torch
was imported, before the model and data were built.

The benchmark never raises: a failing configuration gets status "error: ...".
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time

FIELDS = [
    "name", "cell", "hidden", "batch", "steps", "features", "layers",
    "bidirectional", "status", "train_ms", "train_n", "predict_ms",
    "predict_n", "peak_rss_mb", "base_rss_mb", "threads", "torch_version", "dtype",
]

DEFAULTS = {
    "name": None, "layers": 1, "bidirectional": False, "target_seconds": 2.0,
    "min_steps": 3, "max_steps": 2000, "warmup": 2, "clip": None, "seed": 1,
    "dtype": "float64",
}

DTYPES = ("float64", "float32")


def maxrss_mb():
    """Peak resident set size of this process in MB (Linux reports kB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes there
        kb = kb / 1024.0
    return kb / 1024.0


def current_rss_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def normalise(cfg):
    out = dict(DEFAULTS)
    out.update(cfg)
    for key in ("cell", "hidden", "batch", "steps", "features"):
        if key not in out:
            raise ValueError("configuration lacks '%s': %r" % (key, cfg))
    out["cell"] = str(out["cell"]).lower()
    if out["dtype"] not in DTYPES:
        raise ValueError("dtype must be float64 or float32, not %r" % out["dtype"])
    for key in ("hidden", "batch", "steps", "features", "layers",
                "min_steps", "max_steps", "warmup", "seed"):
        out[key] = int(out[key])
    out["bidirectional"] = bool(out["bidirectional"])
    out["target_seconds"] = float(out["target_seconds"])
    if not out["name"]:
        out["name"] = "%s H=%d B=%d T=%d p=%d L=%d%s" % (
            out["cell"], out["hidden"], out["batch"], out["steps"],
            out["features"], out["layers"],
            " bidir" if out["bidirectional"] else "")
    return out


def plan_steps(t_est, target, min_steps, max_steps):
    """How many timed repetitions: about `target` seconds, at least min_steps."""
    if t_est <= 0:
        return max_steps
    n = int(target / t_est + 0.5)
    return max(min_steps, min(max_steps, n))


def run_one(cfg, threads):
    """Benchmark one (normalised) configuration in this process; returns a dict."""
    import torch
    from torch import nn
    base_rss = current_rss_mb()

    torch.set_num_threads(threads)
    torch.manual_seed(cfg["seed"])
    dtype = getattr(torch, cfg["dtype"])
    cell, hid, bsz = cfg["cell"], cfg["hidden"], cfg["batch"]
    nsteps, feat, layers = cfg["steps"], cfg["features"], cfg["layers"]
    bidir = cfg["bidirectional"]
    ndir = 2 if bidir else 1

    rnn_class = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}.get(cell)
    if rnn_class is None:
        raise ValueError("unknown cell '%s'" % cell)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = rnn_class(feat, hid, num_layers=layers,
                                 batch_first=True, bidirectional=bidir)
            self.head = nn.Linear(hid * ndir, 1)

        def forward(self, x):
            out, state = self.rnn(x)
            if not bidir:
                summary = out[:, -1, :]
            else:
                h_n = state[0] if isinstance(state, tuple) else state
                # h_n: [layers * 2, B, H]; the last layer's two directions
                summary = torch.cat((h_n[-2], h_n[-1]), dim=1)
            return self.head(summary)

    model = Net().to(dtype)
    loss_fn = nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    params = list(model.parameters())
    clip = cfg["clip"]

    # A few distinct batches so that consecutive steps do not reuse one tensor.
    nbatch = 4
    xs = [torch.randn(bsz, nsteps, feat, dtype=dtype) for _ in range(nbatch)]
    ys = [torch.randn(bsz, 1, dtype=dtype) for _ in range(nbatch)]

    def train_step(i):
        x, y = xs[i % nbatch], ys[i % nbatch]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(params, float(clip))
        opt.step()
        return loss

    def predict(i):
        with torch.no_grad():
            return model(xs[i % nbatch])

    def timed(fun, n, start=0, budget=None):
        """Time n calls one by one; with a budget, stop once it is spent."""
        times = []
        for i in range(n):
            t0 = time.perf_counter()
            fun(start + i)
            times.append(time.perf_counter() - t0)
            if budget is not None and sum(times) >= budget:
                break
        return times

    # Training: warm up (allocator, first-call dispatch), estimate, measure.
    model.train()
    # (Slow configurations: stop warming up once a measurement's budget is spent.)
    warm = timed(train_step, max(1, cfg["warmup"]), budget=cfg["target_seconds"])
    n_train = plan_steps(warm[-1], cfg["target_seconds"], cfg["min_steps"],
                         cfg["max_steps"])
    train_times = timed(train_step, n_train, start=len(warm))

    # Predict: forward only, no autograd graph, eval mode.
    model.eval()
    warm_p = timed(predict, max(1, cfg["warmup"]), budget=cfg["target_seconds"] / 2.0)
    n_pred = plan_steps(warm_p[-1], cfg["target_seconds"] / 2.0,
                        cfg["min_steps"], cfg["max_steps"])
    pred_times = timed(predict, n_pred)

    return {
        "train_ms": 1e3 * statistics.median(train_times),
        "train_n": n_train,
        "predict_ms": 1e3 * statistics.median(pred_times),
        "predict_n": n_pred,
        "peak_rss_mb": maxrss_mb(),
        "base_rss_mb": base_rss,
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
    }


def result_row(cfg, res=None, status="ok"):
    row = {k: cfg.get(k) for k in FIELDS}
    row["status"] = status
    for k in ("train_ms", "train_n", "predict_ms", "predict_n",
              "peak_rss_mb", "base_rss_mb", "threads", "torch_version"):
        row[k] = None
    if res:
        row.update(res)
    return row


def fmt(value):
    if value is None:
        return "NA"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return "%.6g" % value
    return str(value).replace("\t", " ").replace("\n", " ")


def emit(rows, as_json, header=True):
    if as_json:
        for row in rows:
            print(json.dumps(row), flush=True)
        return
    if header:
        print("\t".join(FIELDS))
    for row in rows:
        print("\t".join(fmt(row[k]) for k in FIELDS), flush=True)


def bench_one_safely(cfg, threads):
    try:
        return result_row(cfg, run_one(cfg, threads))
    except Exception as exc:  # a benchmark reports, it does not fail
        return result_row(cfg, status="error: %s: %s" % (type(exc).__name__, exc))


def bench_in_child(cfg, threads):
    """Run one configuration in a fresh interpreter so its peak RSS is its own."""
    cmd = [sys.executable, os.path.abspath(__file__), "--json", "--inprocess",
           "--threads", str(threads), json.dumps(cfg)]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
    except OSError as exc:
        return result_row(cfg, status="error: cannot start child: %s" % exc)
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    msg = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return result_row(cfg, status="error: child exited %d: %s" % (proc.returncode, msg))


def gemm_gflops(n, threads, dtype="float64", target=1.0):
    import torch
    torch.set_num_threads(threads)
    a = torch.randn(n, n, dtype=getattr(torch, dtype))
    b = torch.randn(n, n, dtype=getattr(torch, dtype))
    t0 = time.perf_counter()
    torch.mm(a, b)
    t_first = time.perf_counter() - t0
    reps = max(1, min(10, int(target / max(t_first, 1e-9))))
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b)
        times.append(time.perf_counter() - t0)
    sec = min(times)
    return {"n": n, "seconds": sec, "gflops": 2.0 * n ** 3 / sec / 1e9,
            "threads": torch.get_num_threads(), "torch_version": torch.__version__,
            "dtype": dtype}


def main(argv):
    as_json, inprocess, threads, dtype = False, False, 2, "float64"
    gemm, gemm_n, positional = False, 2000, []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--json":
            as_json = True
        elif arg == "--tsv":
            as_json = False
        elif arg == "--inprocess":
            inprocess = True
        elif arg == "--threads":
            i += 1
            threads = int(argv[i])
        elif arg == "--dtype":
            i += 1
            dtype = argv[i]
            if dtype not in DTYPES:
                print("--dtype must be float64 or float32", file=sys.stderr)
                return 2
        elif arg == "--gemm":
            gemm = True
            if i + 1 < len(argv) and argv[i + 1].isdigit():
                i += 1
                gemm_n = int(argv[i])
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            positional.append(arg)
        i += 1

    os.environ.setdefault("OMP_NUM_THREADS", str(threads))

    if gemm:
        try:
            res = gemm_gflops(gemm_n, threads, dtype)
            status = "ok"
        except Exception as exc:
            res, status = {}, "error: %s: %s" % (type(exc).__name__, exc)
        keys = ["status", "n", "seconds", "gflops", "threads", "torch_version", "dtype"]
        res["status"] = status
        if as_json:
            print(json.dumps(res))
        else:
            print("\t".join(keys))
            print("\t".join(fmt(res.get(k)) for k in keys))
        return 0

    if not positional or positional[0] == "-":
        text = sys.stdin.read()
    else:
        text = positional[0]
    configs = json.loads(text)
    if isinstance(configs, dict):
        configs = [configs]
    configs = [normalise(dict({"dtype": dtype}, **c)) for c in configs]

    if not as_json:
        print("# torch_speed.py: python %s, threads %d, %s" % (
            sys.version.split()[0], threads,
            "in process" if inprocess or len(configs) == 1 else
            "one child process per configuration"))
        emit([], as_json=False, header=True)
    for cfg in configs:
        if inprocess or len(configs) == 1:
            row = bench_one_safely(cfg, threads)
        else:
            row = bench_in_child(cfg, threads)
        emit([row], as_json, header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
