"""PyTorch anchor for musicrec's MoCo training step (never run in CI; needs Debian's python3-torch and
python3-torchvision: run with /usr/bin/python3). Driven by benchmarks/moco_bench.sh.

The same step as musicrec's MocoModel.step, written the way facebookresearch/moco's builder.py does it:
query encoder = torchvision ResNet-18/50 with a 1-channel stem and global average pooling -> E, heads
proj = Linear(E,E,no bias) -> BN1d -> ReLU -> Linear(E,128) and genre = Linear(E,7); key encoder = a copy
updated by momentum 0.999 over parameters (BN buffers are the key encoder's own); per step: momentum update,
keys under no_grad (train-mode BN), logits = [q.k, q.queue^T] / 0.07 against a 4096 x 128 queue, loss =
0.6 * CE(label 0) + 0.4 * masked BCE on the genre logits, backward, Adam(lr 3e-4, L2 1e-4), enqueue the keys.
With MICRO < BATCH the batch is processed in micro-batches whose gradients accumulate into one Adam step
(losses scaled by their share), the keys of the whole batch entering the queue once, as musicrec does.

  torch_moco_step.py ARCH BATCH MICRO WIDTH ROUNDS
"""
import sys, time, statistics, resource, os
import torch
import torch.nn.functional as F
from encoder_net import Encoder

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
arch, B, M, W, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
M = B if M <= 0 else min(M, B)
torch.manual_seed(0)


q_enc, k_enc = Encoder(arch), Encoder(arch)
for pk, pq in zip(k_enc.parameters(), q_enc.parameters()):
    pk.data.copy_(pq.data)
    pk.requires_grad = False
queue = F.normalize(torch.randn(4096, 128), dim=1)
ptr = 0
opt = torch.optim.Adam(q_enc.parameters(), lr=3e-4, betas=(0.9, 0.999), weight_decay=1e-4)
xq, xk = torch.randn(B, 1, 84, W), torch.randn(B, 1, 84, W)
targets = (torch.rand(B, 7) > 0.7).float()
mask = torch.ones(B)
slices = [(B * i // ((B + M - 1) // M), B * (i + 1) // ((B + M - 1) // M)) for i in range((B + M - 1) // M)]


def step():
    global queue, ptr
    q_enc.train()
    k_enc.train()
    with torch.no_grad():
        for pk, pq in zip(k_enc.parameters(), q_enc.parameters()):
            pk.data.mul_(0.999).add_(pq.data, alpha=0.001)
        keys = torch.cat([F.normalize(k_enc(xk[a:b])[0], dim=1) for a, b in slices])
    opt.zero_grad()
    tagged = mask.sum()
    total = 0.0
    for a, b in slices:
        p, g = q_enc(xq[a:b])
        q = F.normalize(p, dim=1)
        logits = torch.cat([(q * keys[a:b]).sum(1, keepdim=True), q @ queue.t()], dim=1) / 0.07
        moco = F.cross_entropy(logits, torch.zeros(b - a, dtype=torch.long))
        m = mask[a:b]
        bce = (F.binary_cross_entropy_with_logits(g, targets[a:b], reduction="none").mean(1) * m).sum() / (tagged if tagged > 0 else 1)
        loss = 0.6 * moco * (b - a) / B + 0.4 * bce
        loss.backward()
        total += loss.item()
    opt.step()
    queue[ptr:ptr + B] = keys
    ptr = (ptr + B) % queue.shape[0]
    return total


print("# torch %s moco %s batch=%d micro=%d width=%d threads=%d params=%d" % (torch.__version__, arch, B, M, W,
      torch.get_num_threads(), sum(p.numel() for p in q_enc.parameters())))
times = []
for r in range(rounds + 1):  # round 0: warm-up
    s = time.perf_counter()
    loss = step()
    dt = time.perf_counter() - s
    print("round %d %.3f s loss %.4f" % (r, dt, loss), flush=True)
    if r > 0:
        times.append(dt)
med = statistics.median(times)
print("RESULT torch %s moco batch=%d micro=%d median=%.3f s -> %.2f samples/s" % (arch, B, M, med, B / med))
print("RSS torch %s moco batch=%d micro=%d peak_rss_mb=%.0f load=%s" % (arch, B, M,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, open("/proc/loadavg").read().strip()))
