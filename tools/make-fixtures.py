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

Single precision (issue 24): the same cases (CASES and TOKEN_CASES) are built
a second time with float32 as torch's default dtype, so the network, the data,
the forward pass, the loss and autograd all run in float32, and written to
tests/testthat/fixtures/parity32/ and tokens32/ in the same format, with the
values printed "%.9g" (9 significant digits read back to the same float32)
and one more configuration line, dtype=float32. The float64 files are
unchanged by this.

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

Token-input fixtures (issue 10; written to tests/testthat/fixtures/tokens/,
one file per case named tok_<...>.txt, same file format and reader):

  The network starts with an nn.Embedding(vocab_size, input_size): its weight is
  the first tensor of the weights, `w/embedding.weight` [vocab_size x input_size],
  and its gradient `g/embedding.weight` the first gradient; the recurrent layers
  and the head follow in the order above.

  Extra configuration keys:
    vocab_size=V          the number of token ids;
    lengths=l1,l2,...     each row's number of real tokens, comma separated (a
                          string for the R reader; it is redundant: it equals
                          rowSums(x != 0));
    task=tokens|lm        `lm`: a next-token language model (see y below).

  x [n, T]: token ids written as numbers, 1..V (1-based, token id k is row k of
  embedding.weight), each row its l_i real tokens then T - l_i zeros (right
  padding). Every case has unequal lengths, at least one row of full length T
  and one row of length 1, and rows not sorted by length.

  Padded batches follow torch.nn.utils.rnn.pack_padded_sequence(x, lengths,
  batch_first=True, enforce_sorted=False), applied to every layer: the layer's
  padded output (pad_packed_sequence, zeros at padded steps) is merged by the
  contract's merge and packed again as the next layer's input. So a row's
  forward direction runs over steps 1..l_i and its backward direction starts at
  step l_i; padded steps never touch any state or gradient.

  return_sequences = FALSE: the head reads h_n, i.e. the forward state after
  step l_i merged with the backward state after step 1 (the backward output at
  t = 1). output [n, out]; y and the loss exactly as for the unpadded cases.

  return_sequences = TRUE: output [n, T, out] holds the head's output at the
  real steps and 0 at padded steps (the R API returns NA there; the file holds
  0 because the reader accepts numbers only: compare real steps, x != 0).
  y has the shape of the unpadded cases with 0 at padded steps (class indices
  [n, T]: 1..out at real steps, 0 at padded steps). The loss is the unpadded
  contract's loss applied to the real steps only, i.e. with N = sum(l_i):
    mse / mae / huber:   sum over real steps and outputs / (N * out);
    crossentropy, softmax or linear output (index, onehot or prob targets):
                         sum over real steps of -sum_j y_j log softmax(z)_j / N;
    crossentropy, sigmoid output: binary cross-entropy summed over real steps
                         and outputs / (N * out).
  Gradients are of that loss. An embedding row of a token that appears in no
  real step has an exactly zero gradient.

  task=lm: a next-token language model: output_size = V, softmax,
  crossentropy, return_sequences; y[i, t] = x[i, t + 1] for t < l_i and
  y[i, l_i] is the token that follows the row's last input token (each row is a
  text of l_i + 1 tokens split into input and shifted target); 0 at padded steps.
"""

import os
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "testthat", "fixtures")
OUT_DIR = os.path.join(FIXTURES, "parity")
TOKEN_DIR = os.path.join(FIXTURES, "tokens")
# the float32 sets (issue 24): the same cases computed by PyTorch in float32
OUT_DIR_F32 = os.path.join(FIXTURES, "parity32")
TOKEN_DIR_F32 = os.path.join(FIXTURES, "tokens32")

# The precision a set is built in: torch's dtype and the format that writes
# its values exactly enough (float32: 9 significant digits read back to the
# same float32). Set by use_precision() before each set.
PREC = {}


def use_precision(dtype):
    torch.set_default_dtype(dtype)
    PREC["dtype"] = dtype
    PREC["float32"] = dtype == torch.float32
    PREC["fmt"] = "%.9g" if PREC["float32"] else "%.17g"


use_precision(torch.float64)


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
        return self.head_output(seq if cfg["return_sequences"] else summary)

    def head_output(self, s):
        """The dense head and the output activation: (z, yhat)."""
        z = self.head(s)
        act = self.cfg["output_activation"]
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
        onehot = F.one_hot(idx, out).to(PREC["dtype"])
        if target == "index":
            return (idx if cfg["output_activation"] != "sigmoid" else onehot), (idx + 1).to(PREC["dtype"])
        return onehot, onehot
    if target == "prob":
        if cfg["output_activation"] == "sigmoid":
            p = torch.rand(shape, generator=gen)
        else:
            p = torch.softmax(1.5 * torch.randn(shape, generator=gen), dim=-1)
        return p, p
    if target == "binary":
        b = (torch.rand(shape, generator=gen) < 0.5).to(PREC["dtype"])
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
    lines.extend(PREC["fmt"] % v for v in t.flatten().tolist())
    return lines


def seeded_net(cfg, cls):
    """The case's network (eval mode) and generator, seeded by the case's name."""
    seed = zlib.crc32(cfg["name"].encode()) & 0x7FFFFFFF
    cfg["seed"] = seed
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    net = cls(cfg)
    net.eval()
    return net, gen


def build_case(cfg):
    net, gen = seeded_net(cfg, ContractNet)
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

    return fixture_text(["# recurrent parity fixture (tools/make-fixtures.py, torch %s)"
                         % torch.__version__], cfg, CONFIG_KEYS,
                        x, y_write, yhat, loss, params, grads)


def fixture_text(comments, cfg, keys, x, y, yhat, loss, params, grads, extra=()):
    if PREC["float32"]:
        comments = comments + ["# float32: computed by PyTorch in float32; values %.9g "
                               "(they read back to the same float32)"]
    lines = comments + ["# tensors: name d1 d2 ... then prod(d) values in C (row-major) order"]
    lines += ["%s=%s" % (k, fmt_value(cfg[k])) for k in keys]
    if PREC["float32"]:
        lines += ["dtype=float32"]
    lines += fmt_tensor("x", x)
    for name, t in extra:
        lines += fmt_tensor(name, t)
    lines += fmt_tensor("y", y)
    lines += fmt_tensor("output", yhat)
    lines += fmt_tensor("loss", loss)
    for name, p in params:
        lines += fmt_tensor("w/" + name, p)
    for (name, _), g in zip(params, grads):
        lines += fmt_tensor("g/" + name, g)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# token input: an embedding in front, padded batches through pack_padded_sequence

class TokenNet(ContractNet):
    def __init__(self, cfg):
        super().__init__(cfg)
        self.embedding = nn.Embedding(cfg["vocab_size"], cfg["input_size"])

    def named_contract_params(self):
        return [("embedding.weight", self.embedding.weight)] + super().named_contract_params()

    def forward(self, ids, lengths, state=None):
        """ids [n, T] 1-based with 0 padding, lengths [n] (int64); state None
        (zeros) or (h0, c0) [layers, n, H] each (c0 None but for LSTM), the
        carried state of a unidirectional net, layer k starting from h0[k].
        Returns z, yhat ([n, out] or [n, T, out], zeros at padded steps)."""
        cfg = self.cfg
        H, bi, merge, T = cfg["hidden_size"], cfg["bidirectional"], cfg["merge"], ids.shape[1]
        # padded steps look up row 0, but are never packed: no value, no gradient
        inp = self.embedding((ids - 1).clamp(min=0))
        real = ids > 0
        seq = summary = None
        for k, m in enumerate(self.rec):
            packed = pack_padded_sequence(inp, lengths, batch_first=True, enforce_sorted=False)
            if state is None:
                out_p, hn = m(packed)
            else:
                h0 = state[0][k].unsqueeze(0).contiguous()
                hx = (h0, state[1][k].unsqueeze(0).contiguous()) if cfg["cell"] == "lstm" else h0
                out_p, hn = m(packed, hx)
            out, _ = pad_packed_sequence(out_p, batch_first=True, total_length=T)
            if cfg["cell"] == "lstm":
                hn = hn[0]
            last = out[torch.arange(ids.shape[0]), lengths - 1]      # [n, D*H]
            assert torch.equal(out[~real], torch.zeros_like(out[~real]))
            if bi:
                fwd, bwd = out[..., :H], out[..., H:]
                # h_n: forward after the row's last real step, backward after step 1
                assert torch.equal(hn[0], last[:, :H])
                assert torch.equal(hn[1], bwd[:, 0, :])
                seq = merge_fn(merge, fwd, bwd)
                summary = merge_fn(merge, hn[0], hn[1])
            else:
                assert torch.equal(hn[0], last)
                seq = out
                summary = hn[0]
            inp = seq                        # re-packed by the next layer
        z, yhat = self.head_output(seq if cfg["return_sequences"] else summary)
        if cfg["return_sequences"]:
            keep = real.unsqueeze(-1).to(z.dtype)
            z, yhat = z * keep, yhat * keep
        return z, yhat


def token_case(name, state=False, **kw):
    c = case(name, **dict(dict(vocab_size=9, task="tokens", n=4, T=6), **kw))
    c["carried"] = state
    return c


TOKEN_CASES = [
    # every cell x {one unidirectional layer, two bidirectional concat layers}
    # x {summary, return_sequences}
    token_case("tok_rnn_tanh_1l_uni_mse", cell="rnn"),
    token_case("tok_rnn_tanh_1l_uni_mse_seq", cell="rnn", return_sequences=True),
    token_case("tok_rnn_tanh_2l_bi_concat_ce_softmax_index", cell="rnn", layers=2,
               bidirectional=True, output_activation="softmax", loss="crossentropy",
               target="index", output_size=3, n=5, hidden_size=3),
    token_case("tok_rnn_tanh_2l_bi_concat_mse_seq", cell="rnn", layers=2,
               bidirectional=True, return_sequences=True, T=5),
    token_case("tok_gru_1l_uni_ce_softmax_index", cell="gru", output_activation="softmax",
               loss="crossentropy", target="index", output_size=3, n=5),
    token_case("tok_gru_1l_uni_huber_seq", cell="gru", loss="huber", return_sequences=True),
    token_case("tok_gru_2l_bi_concat_mse", cell="gru", layers=2, bidirectional=True,
               vocab_size=7, hidden_size=3),
    token_case("tok_gru_2l_bi_concat_ce_softmax_index_seq", cell="gru", layers=2,
               bidirectional=True, output_activation="softmax", loss="crossentropy",
               target="index", output_size=3, return_sequences=True, T=5, hidden_size=3),
    token_case("tok_lstm_1l_uni_mae", cell="lstm", loss="mae", n=5),
    token_case("tok_lstm_1l_uni_ce_sigmoid_binary_seq", cell="lstm",
               output_activation="sigmoid", loss="crossentropy", target="binary",
               return_sequences=True),
    token_case("tok_lstm_2l_bi_concat_mse", cell="lstm", layers=2, bidirectional=True,
               hidden_size=3, vocab_size=11),
    token_case("tok_lstm_2l_bi_concat_mse_seq", cell="lstm", layers=2, bidirectional=True,
               return_sequences=True, T=5, hidden_size=3),
    # the other merges between bidirectional layers, and the relu Elman cell
    token_case("tok_lstm_2l_bi_sum_ce_softmax_index", cell="lstm", layers=2,
               bidirectional=True, merge="sum", output_activation="softmax",
               loss="crossentropy", target="index", output_size=3, hidden_size=3),
    token_case("tok_gru_2l_bi_sum_mse_seq", cell="gru", layers=2, bidirectional=True,
               merge="sum", return_sequences=True, T=5),
    token_case("tok_rnn_relu_2l_bi_mul_huber_seq", cell="rnn", activation="relu",
               layers=2, bidirectional=True, merge="mul", loss="huber",
               return_sequences=True, T=5),
    token_case("tok_gru_1l_bi_ave_mse", cell="gru", bidirectional=True, merge="ave"),
    # sentiment-like: a label per text
    token_case("tok_lstm_1l_bi_concat_sentiment_ce_softmax_index", cell="lstm",
               bidirectional=True, output_activation="softmax", loss="crossentropy",
               target="index", output_size=2, n=6, T=7, vocab_size=12),
    token_case("tok_gru_2l_bi_concat_sentiment_ce_sigmoid_binary", cell="gru", layers=2,
               bidirectional=True, output_activation="sigmoid", loss="crossentropy",
               target="binary", output_size=1, n=6, T=7, vocab_size=12, hidden_size=3),
    # next-token language models: class-index targets, 0 at padded steps
    token_case("tok_lstm_2l_uni_lm_ce_softmax_index_seq", cell="lstm", layers=2,
               task="lm", vocab_size=6, output_size=6, output_activation="softmax",
               loss="crossentropy", target="index", return_sequences=True, n=4, T=6),
    token_case("tok_gru_1l_uni_lm_ce_softmax_index_seq", cell="gru", task="lm",
               vocab_size=5, output_size=5, output_activation="softmax",
               loss="crossentropy", target="index", return_sequences=True, n=3, T=5),
    # from a carried state (truncated BPTT, issue 23): tensors h0 (and c0 for LSTM)
    # [layers, n, H], the state each layer starts from, held constant
    token_case("tok_lstm_2l_uni_lm_state", state=True, cell="lstm", layers=2,
               task="lm", vocab_size=6, output_size=6, output_activation="softmax",
               loss="crossentropy", target="index", return_sequences=True, n=4, T=6),
    token_case("tok_gru_1l_uni_lm_state", state=True, cell="gru", task="lm",
               vocab_size=5, output_size=5, output_activation="softmax",
               loss="crossentropy", target="index", return_sequences=True, n=3, T=5),
    token_case("tok_rnn_tanh_2l_uni_mse_seq_state", state=True, cell="rnn", layers=2,
               return_sequences=True, T=5),
    token_case("tok_lstm_1l_uni_mse_state", state=True, cell="lstm", n=5),
]

TOKEN_CONFIG_KEYS = CONFIG_KEYS + ["vocab_size", "task", "lengths"]


def make_lengths(n, T, gen):
    """n lengths in 1..T, one T, one 1, the others random; in a random order
    that is not sorted (pack_padded_sequence(enforce_sorted=False) is needed)."""
    assert n >= 3 and T >= 3
    rest = torch.randint(2, T, (n - 2,), generator=gen).tolist()
    lens = [T, 1] + rest
    while True:
        perm = torch.randperm(n, generator=gen).tolist()
        out = [lens[k] for k in perm]
        if out != sorted(out) and out != sorted(out, reverse=True):
            return torch.tensor(out, dtype=torch.int64)


def build_token_case(cfg):
    net, gen = seeded_net(cfg, TokenNet)
    n, T, V = cfg["n"], cfg["T"], cfg["vocab_size"]
    lengths = make_lengths(n, T, gen)
    cfg["lengths"] = ",".join(str(v) for v in lengths.tolist())
    real = torch.arange(T).unsqueeze(0) < lengths.unsqueeze(1)          # [n, T]
    if cfg["task"] == "lm":
        text = torch.randint(1, V + 1, (n, T + 1), generator=gen)
        ids = torch.where(real, text[:, :T], torch.zeros_like(text[:, :T]))
        next_ids = torch.where(real, text[:, 1:], torch.zeros_like(text[:, 1:]))
    else:
        ids = torch.randint(1, V + 1, (n, T), generator=gen)
        ids = torch.where(real, ids, torch.zeros_like(ids))
    state = None
    if cfg["carried"]:
        L, H = cfg["layers"], cfg["hidden_size"]
        h0 = 0.5 * torch.randn(L, n, H, generator=gen)
        c0 = torch.randn(L, n, H, generator=gen) if cfg["cell"] == "lstm" else None
        state = (h0, c0)
    z, yhat = net(ids, lengths, state)
    out = cfg["output_size"]
    if cfg["return_sequences"]:
        # the loss sees the real steps only, as rows of a [N, out] batch
        z_r, yhat_r = z[real], yhat[real]
        if cfg["task"] == "lm":
            y_loss = next_ids[real] - 1
            y_r_write = next_ids[real].to(PREC["dtype"])
        else:
            y_loss, y_r_write = make_target(cfg, z_r, yhat_r, gen)
        loss = compute_loss(cfg, z_r, yhat_r, y_loss)
        if y_r_write.dim() == 1:
            y_write = torch.zeros(n, T)
        else:
            y_write = torch.zeros(n, T, out)
        y_write[real] = y_r_write
    else:
        assert cfg["task"] != "lm"
        y_loss, y_write = make_target(cfg, z, yhat, gen)
        loss = compute_loss(cfg, z, yhat, y_loss)
    params = net.named_contract_params()
    grads = torch.autograd.grad(loss, [p for _, p in params])
    # tokens seen in no real step get no gradient
    seen = torch.zeros(V, dtype=torch.bool)
    seen[ids[real] - 1] = True
    assert torch.equal(grads[0][~seen], torch.zeros_like(grads[0][~seen]))

    comments = ["# recurrent token-input parity fixture (tools/make-fixtures.py, torch %s)"
                % torch.__version__,
                "# x: token ids 1..vocab_size, 0 = right padding; "
                "outputs and targets are 0 at padded steps"]
    extra = []
    if state is not None:
        comments.append("# h0 (and c0) [layers, n, H]: the carried state each layer starts from")
        extra = [("h0", state[0])] + ([("c0", state[1])] if state[1] is not None else [])
    return fixture_text(comments, cfg, TOKEN_CONFIG_KEYS, ids, y_write, yhat, loss,
                        params, grads, extra)


def write_set(out_dir, cases, build):
    os.makedirs(out_dir, exist_ok=True)
    for f in os.listdir(out_dir):
        if f.endswith(".txt"):
            os.remove(os.path.join(out_dir, f))
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    total = 0
    for cfg in cases:
        text = build(cfg)
        path = os.path.join(out_dir, cfg["name"] + ".txt")
        with open(path, "w") as fh:
            fh.write(text)
        total += len(text)
    print("wrote %d fixtures (%d bytes) to %s" % (len(cases), total, os.path.normpath(out_dir)))


def main():
    use_precision(torch.float64)
    write_set(OUT_DIR, CASES, build_case)
    write_set(TOKEN_DIR, TOKEN_CASES, build_token_case)
    use_precision(torch.float32)
    write_set(OUT_DIR_F32, CASES, build_case)
    write_set(TOKEN_DIR_F32, TOKEN_CASES, build_token_case)


if __name__ == "__main__":
    main()
