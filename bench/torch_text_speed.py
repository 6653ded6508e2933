#!/usr/bin/python3
"""PyTorch side of bench/text-speed.R: training throughput of a character
language model (nn.Embedding -> nn.LSTM/GRU -> nn.Linear over the vocabulary,
cross-entropy at every step, Adam, gradient norm clipped to 1), float64.

Usage: torch_text_speed.py V E H T B batches cell threads
Prints one line: tokens_per_second seconds batches
(the mean over `batches` training steps after 2 warm-up steps, each step a
batch of B random sequences of T token ids).
"""
import sys
import time

import torch
import torch.nn as nn

V, E, H, T, B, batches = (int(v) for v in sys.argv[1:7])
cell, threads = sys.argv[7], int(sys.argv[8])
torch.set_num_threads(threads)
torch.set_default_dtype(torch.float64)
torch.manual_seed(1)


class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(E, H, batch_first=True)
        self.head = nn.Linear(H, V)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))
        return self.head(out)


model = LM()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.randint(0, V, (batches + 2, B, T))
y = torch.randint(0, V, (batches + 2, B, T))


def step(i):
    opt.zero_grad()
    loss = loss_fn(model(x[i]).reshape(-1, V), y[i].reshape(-1))
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


for i in range(2):
    step(i)
t0 = time.perf_counter()
for i in range(2, batches + 2):
    step(i)
sec = time.perf_counter() - t0
print(f"{batches * B * T / sec:.1f} {sec:.3f} {batches}")
