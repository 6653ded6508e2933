#!/usr/bin/python3
"""Write the PyTorch parity fixtures for the `recurrent` R package.

Run from the package root (or anywhere; paths are relative to this file):

    /usr/bin/python3 tools/make-fixtures.py

Every fixture is a small random network built in PyTorch (float64) that follows
the engine contract: stacked single-layer torch modules (nn.RNN / nn.GRU /
nn.LSTM, one layer each, bidirectional when asked) with the merge
(concat / sum / ave / mul) applied between layers, a dense head and an output
activation. The fixture stores the configuration, the weights (PyTorch
state_dict names and shapes), an input x [n, T, p] (batch first), a target y,
the network's output, the loss and the autograd gradient of the loss with
respect to every parameter.

Each case gets its own seed (crc32 of its name), so rerunning the script
reproduces the same files byte for byte and adding a case leaves the others
unchanged.

File format (plain text, one file per case, `<name>.txt`; read in R by
tests/testthat/helper-fixtures.R with base R only):

    # comment lines start with '#'
    key=value                 configuration, one per line, until the first tensor
    <tensor name> d1 d2 ...   tensor header: name then its dimensions (PyTorch shape)
    v                         then prod(d) values, one per line, `%.17g`,
    v                         in C (row-major) order: the LAST index varies fastest,
    ...                       i.e. the order of torch's tensor.flatten().

Tensor names: `x`, `y`, `output`, `loss` (shape 1), `w/<param>` (weights) and
`g/<param>` (gradients) where <param> is a state_dict name (weight_ih_l0,
bias_hh_l1_reverse, head.weight, ...). Weights are written in the order the
contract gives for rnn_weights(): per layer k, direction "" then "_reverse",
weight_ih, weight_hh, bias_ih, bias_hh; then head.weight, head.bias.

Targets y are written in the shape the R API takes:
  regression (mse/mae/huber): [n, out] or [n, T, out] (or [n] / [n, T] when the
      case sets y_shape=squeezed and out = 1);
  crossentropy, target=index: class indices 1..out (1-based), [n] or [n, T];
  crossentropy, target=onehot / prob / binary: same shape as the output.
"""

import os
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "tests", "testthat", "fixtures", "parity")


# --------------------------------------------------------------------------
# the network of the contract, built from single-layer torch modules

def merge_fn(merge, a, b):
    if merge == "concat":
        return torch.cat([a, b], dim=-1)
    if merge == "sum":
        return a + b
    if merge == "ave":
        return (a + b) / 2
    if merge == "mul":
        return a * b
    raise ValueError(merge)


class ContractNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        cell, H, bi = cfg["cell"], cfg["hidden_size"], cfg["bidirectional"]
        d_layer = 2 * H if (bi and cfg["merge"] == "concat") else H
        mods = []
        in_k = cfg["input_size"]
        for _ in range(cfg["layers"]):
            if cell == "rnn":
                m = nn.RNN(in_k, H, num_layers=1, nonlinearity=cfg["activation"],
                           batch_first=True, bidirectional=bi)
            elif cell == "gru":
                m = nn.GRU(in_k, H, num_layers=1, batch_first=True, bidirectional=bi)
            elif cell == "lstm":
                m = nn.LSTM(in_k, H, num_layers=1, batch_first=True, bidirectional=bi)
            else:
                raise ValueError(cell)
            mods.append(m)
            in_k = d_layer
        self.rec = nn.ModuleList(mods)
        self.head = nn.Linear(d_layer, cfg["output_size"])

    def named_contract_params(self):
        """(name, tensor) in the contract's order with state_dict names."""
        out = []
        for k, m in enumerate(self.rec):
            # a one-layer module's parameters are named *_l0 / *_l0_reverse and
            # come in the order ih, hh, b_ih, b_hh, then the reverse direction
            for name, p in m.named_parameters():
                assert "_l0" in name
                out.append((name.replace("_l0", "_l%d" % k), p))
        out.append(("head.weight", self.head.weight))
        out.append(("head.bias", self.head.bias))
        return out

    def forward(self, x):
        cfg = self.cfg
        H, bi, merge = cfg["hidden_size"], cfg["bidirectional"], cfg["merge"]
        inp = x
        seq = summary = None
        for m in self.rec:
            out, hn = m(inp)                 # out [n, T, D*H], hn [D, n, H]
            if cfg["cell"] == "lstm":
                hn = hn[0]
            if bi:
                fwd, bwd = out[..., :H], out[..., H:]
                # torch's h_n: forward after step T, backward after its last step (t = 1)
                assert torch.equal(hn[0], fwd[:, -1, :])
                assert torch.equal(hn[1], bwd[:, 0, :])
                seq = merge_fn(merge, fwd, bwd)
                summary = merge_fn(merge, hn[0], hn[1])
            else:
                seq = out
                summary = hn[0]
            inp = seq                        # eval mode: no dropout between layers
        s = seq if cfg["return_sequences"] else summary
        z = self.head(s)
        act = cfg["output_activation"]
        if act == "linear":
            yhat = z
        elif act == "sigmoid":
            yhat = torch.sigmoid(z)
        elif act == "softmax":
            yhat = torch.softmax(z, dim=-1)
        else:
            raise ValueError(act)
        return z, yhat


# --------------------------------------------------------------------------
# targets and losses

def make_target(cfg, z, yhat, gen):
    """Return (y_torch_for_loss, y_to_write) following the contract's target forms."""
    loss, target, out = cfg["loss"], cfg["target"], cfg["output_size"]
    shape = tuple(yhat.shape)
    if loss in ("mse",):
        if cfg["output_activation"] == "linear":
            y = torch.randn(shape, generator=gen)
        else:
            y = torch.rand(shape, generator=gen)
        return y, y
    if loss in ("mae", "huber"):
        # y = yhat + u with |u| well away from the kinks (0 for both, 1 for
        # huber); half the elements get |u| in (0.1, 0.9), half in (1.1, 2.5),
        # so both branches of huber are exercised.
        numel = yhat.numel()
        big = torch.zeros(numel, dtype=torch.bool)
        big[torch.randperm(numel, generator=gen)[: numel // 2]] = True
        mag = torch.where(big,
                          1.1 + 1.4 * torch.rand(numel, generator=gen),
                          0.1 + 0.8 * torch.rand(numel, generator=gen))
        sign = torch.where(torch.rand(numel, generator=gen) < 0.5, -1.0, 1.0)
        y = yhat.detach() - (sign * mag).reshape(shape)   # d = yhat - y = sign*mag
        d = (yhat.detach() - y).abs()
        assert d.min() > 0.05 and ((d - 1).abs()).min() > 0.05
        return y, y
    assert loss == "crossentropy"
    lead = shape[:-1]
    if target in ("index", "onehot"):
        idx = torch.randint(0, out, lead, generator=gen)
        onehot = F.one_hot(idx, out).to(torch.float64)
        if target == "index":
            return (idx if cfg["output_activation"] != "sigmoid" else onehot), (idx + 1).to(torch.float64)
        return onehot, onehot
    if target == "prob":
        if cfg["output_activation"] == "sigmoid":
            p = torch.rand(shape, generator=gen)
        else:
            p = torch.softmax(1.5 * torch.randn(shape, generator=gen), dim=-1)
        return p, p
    if target == "binary":
        b = (torch.rand(shape, generator=gen) < 0.5).to(torch.float64)
        return b, b
    raise ValueError(target)


def compute_loss(cfg, z, yhat, y):
    loss, out = cfg["loss"], cfg["output_size"]
    if loss == "mse":
        return F.mse_loss(yhat, y)
    if loss == "mae":
        return F.l1_loss(yhat, y)
    if loss == "huber":
        return F.huber_loss(yhat, y, delta=1.0)
    assert loss == "crossentropy"
    if cfg["output_activation"] == "sigmoid":
        return F.binary_cross_entropy_with_logits(z, y)
    logits = z.reshape(-1, out)   # softmax: logits z; linear: the outputs themselves (= z)
    if y.dtype == torch.int64:
        return F.cross_entropy(logits, y.reshape(-1))
    return F.cross_entropy(logits, y.reshape(-1, out))


# --------------------------------------------------------------------------
# the cases

DEFAULTS = dict(activation="tanh", layers=1, bidirectional=False, merge="concat",
                output_activation="linear", return_sequences=False, loss="mse",
                target="regression", y_shape="full", n=3, T=5,
                input_size=3, hidden_size=4, output_size=2)


def case(name, **kw):
    cfg = dict(DEFAULTS)
    cfg.update(kw)
    cfg["name"] = name
    return cfg


CASES = [
    # every cell, one layer unidirectional
    case("rnn_tanh_1l_uni_mse", cell="rnn", activation="tanh"),
    case("rnn_relu_1l_uni_mae_seq", cell="rnn", activation="relu", loss="mae",
         return_sequences=True, n=4, T=4, input_size=2, hidden_size=5),
    case("gru_1l_uni_huber", cell="gru", loss="huber", output_size=3, n=4, T=6),
    case("lstm_1l_uni_mse_sigmoid", cell="lstm", output_activation="sigmoid",
         output_size=1, input_size=2, hidden_size=3),
    # every cell, two layers bidirectional concat
    case("rnn_tanh_2l_bi_concat_ce_softmax_index", cell="rnn", activation="tanh",
         layers=2, bidirectional=True, merge="concat", output_activation="softmax",
         loss="crossentropy", target="index", output_size=3, n=4, T=5, hidden_size=3),
    case("rnn_relu_2l_bi_concat_ce_linear_index_seq", cell="rnn", activation="relu",
         layers=2, bidirectional=True, merge="concat", output_activation="linear",
         loss="crossentropy", target="index", output_size=3, return_sequences=True,
         n=3, T=4, input_size=2, hidden_size=4),
    case("gru_2l_bi_concat_ce_sigmoid_binary", cell="gru", layers=2, bidirectional=True,
         merge="concat", output_activation="sigmoid", loss="crossentropy",
         target="binary", output_size=3, n=4, T=5, hidden_size=3),
    case("lstm_2l_bi_concat_ce_softmax_onehot_seq", cell="lstm", layers=2,
         bidirectional=True, merge="concat", output_activation="softmax",
         loss="crossentropy", target="onehot", output_size=3, return_sequences=True,
         n=3, T=4, input_size=2, hidden_size=3),
    # merges sum / ave / mul between layers (lstm, gru, and rnn)
    case("lstm_2l_bi_sum_mse", cell="lstm", layers=2, bidirectional=True, merge="sum",
         n=4, T=5, hidden_size=3),
    case("lstm_2l_bi_ave_huber_softmax_seq", cell="lstm", layers=2, bidirectional=True,
         merge="ave", loss="huber", output_activation="softmax", output_size=3,
         return_sequences=True, n=3, T=4, input_size=2, hidden_size=3),
    case("lstm_2l_bi_mul_mae_sigmoid", cell="lstm", layers=2, bidirectional=True,
         merge="mul", loss="mae", output_activation="sigmoid", output_size=2,
         n=4, T=6, hidden_size=4),
    case("gru_2l_bi_sum_huber_seq", cell="gru", layers=2, bidirectional=True, merge="sum",
         loss="huber", return_sequences=True, n=3, T=5, input_size=2, hidden_size=4),
    case("gru_2l_bi_ave_ce_softmax_index", cell="gru", layers=2, bidirectional=True,
         merge="ave", output_activation="softmax", loss="crossentropy", target="index",
         output_size=4, n=4, T=5, hidden_size=4),
    case("gru_2l_bi_mul_mse_seq", cell="gru", layers=2, bidirectional=True, merge="mul",
         return_sequences=True, n=3, T=4, hidden_size=5),
    case("rnn_tanh_2l_bi_sum_mse", cell="rnn", activation="tanh", layers=2,
         bidirectional=True, merge="sum", n=4, T=5),
    case("rnn_relu_2l_bi_ave_huber", cell="rnn", activation="relu", layers=2,
         bidirectional=True, merge="ave", loss="huber", n=4, T=6, input_size=2),
    case("rnn_tanh_2l_bi_mul_mae_seq", cell="rnn", activation="tanh", layers=2,
         bidirectional=True, merge="mul", loss="mae", return_sequences=True, n=3, T=4),
    # one bidirectional layer (the head reads h_n merged), and deeper stacks
    case("lstm_1l_bi_concat_mse", cell="lstm", bidirectional=True, merge="concat",
         n=4, T=5, hidden_size=4),
    case("gru_1l_bi_mul_mse_seq", cell="gru", bidirectional=True, merge="mul",
         return_sequences=True, n=3, T=4, input_size=2, hidden_size=3),
    case("rnn_relu_1l_bi_concat_mae", cell="rnn", activation="relu", bidirectional=True,
         merge="concat", loss="mae", n=4, T=5),
    case("lstm_3l_uni_huber_seq", cell="lstm", layers=3, loss="huber",
         return_sequences=True, n=3, T=4, input_size=2, hidden_size=3),
    case("gru_3l_bi_concat_mse", cell="gru", layers=3, bidirectional=True,
         merge="concat", n=3, T=4, input_size=2, hidden_size=3),
    case("lstm_2l_uni_ce_softmax_index_seq", cell="lstm", layers=2,
         output_activation="softmax", loss="crossentropy", target="index",
         output_size=3, return_sequences=True, n=3, T=5),
    # more output-activation x loss combinations
    case("gru_1l_uni_mse_softmax", cell="gru", output_activation="softmax",
         output_size=3, n=4, T=5),
    case("rnn_tanh_1l_uni_mae_softmax", cell="rnn", activation="tanh",
         output_activation="softmax", loss="mae", output_size=3),
    case("lstm_1l_uni_huber_sigmoid_seq", cell="lstm", output_activation="sigmoid",
         loss="huber", output_size=2, return_sequences=True, n=3, T=4),
    case("lstm_1l_uni_ce_linear_onehot", cell="lstm", output_activation="linear",
         loss="crossentropy", target="onehot", output_size=3, n=4, T=5),
    case("gru_1l_uni_ce_softmax_prob_seq", cell="gru", output_activation="softmax",
         loss="crossentropy", target="prob", output_size=3, return_sequences=True,
         n=3, T=4),
    case("rnn_tanh_1l_uni_ce_sigmoid_binary_seq", cell="rnn", activation="tanh",
         output_activation="sigmoid", loss="crossentropy", target="binary",
         output_size=2, return_sequences=True, n=3, T=4),
    case("lstm_1l_uni_ce_sigmoid_prob", cell="lstm", output_activation="sigmoid",
         loss="crossentropy", target="prob", output_size=2, n=4, T=5),
    case("gru_1l_uni_ce_sigmoid_out1", cell="gru", output_activation="sigmoid",
         loss="crossentropy", target="binary", output_size=1, n=4, T=5),
    # class indices with a sigmoid output: the contract's index targets taken as
    # one-hot rows for the binary cross-entropy
    case("gru_1l_uni_ce_sigmoid_index", cell="gru", output_activation="sigmoid",
         loss="crossentropy", target="index", output_size=3, n=4, T=5),
    # out = 1 regression with the target given as a vector [n] / matrix [n, T]
    case("lstm_1l_uni_mse_out1_yvec", cell="lstm", output_size=1, y_shape="squeezed",
         n=4, T=5),
    case("gru_2l_bi_sum_mse_out1_seq_ymat", cell="gru", layers=2, bidirectional=True,
         merge="sum", output_size=1, return_sequences=True, y_shape="squeezed",
         n=3, T=4, input_size=2, hidden_size=3),
]

CONFIG_KEYS = ["name", "cell", "activation", "input_size", "hidden_size", "output_size",
               "layers", "bidirectional", "merge", "output_activation",
               "return_sequences", "loss", "target", "y_shape", "n", "T", "seed"]


def fmt_value(v):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    return str(v)


def fmt_tensor(name, t):
    t = t.detach().to(torch.float64).contiguous()
    dims = list(t.shape) if t.dim() > 0 else [1]
    lines = [name + " " + " ".join(str(d) for d in dims)]
    lines.extend("%.17g" % v for v in t.flatten().tolist())
    return lines


def build_case(cfg):
    seed = zlib.crc32(cfg["name"].encode()) & 0x7FFFFFFF
    cfg["seed"] = seed
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    net = ContractNet(cfg)
    net.eval()
    n, T, p = cfg["n"], cfg["T"], cfg["input_size"]
    x = torch.randn(n, T, p, generator=gen)
    z, yhat = net(x)
    y_loss, y_write = make_target(cfg, z, yhat, gen)
    loss = compute_loss(cfg, z, yhat, y_loss)
    params = net.named_contract_params()
    grads = torch.autograd.grad(loss, [p for _, p in params])

    if cfg["y_shape"] == "squeezed":
        assert cfg["output_size"] == 1 and cfg["loss"] != "crossentropy"
        y_write = y_write.squeeze(-1)

    lines = ["# recurrent parity fixture (tools/make-fixtures.py, torch %s)" % torch.__version__,
             "# tensors: name d1 d2 ... then prod(d) values in C (row-major) order"]
    lines += ["%s=%s" % (k, fmt_value(cfg[k])) for k in CONFIG_KEYS]
    lines += fmt_tensor("x", x)
    lines += fmt_tensor("y", y_write)
    lines += fmt_tensor("output", yhat)
    lines += fmt_tensor("loss", loss)
    for name, p in params:
        lines += fmt_tensor("w/" + name, p)
    for (name, _), g in zip(params, grads):
        lines += fmt_tensor("g/" + name, g)
    return "\n".join(lines) + "\n"


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for f in os.listdir(OUT_DIR):
        if f.endswith(".txt"):
            os.remove(os.path.join(OUT_DIR, f))
    names = [c["name"] for c in CASES]
    assert len(set(names)) == len(names)
    total = 0
    for cfg in CASES:
        text = build_case(cfg)
        path = os.path.join(OUT_DIR, cfg["name"] + ".txt")
        with open(path, "w") as fh:
            fh.write(text)
        total += len(text)
    print("wrote %d fixtures (%d bytes) to %s" % (len(CASES), total, os.path.normpath(OUT_DIR)))


if __name__ == "__main__":
    main()
