"""PyTorch anchor for the CPU engine benchmark (never run in CI; needs Debian's python3-torch,
python3-torchvision: run with /usr/bin/python3).

The same network as musicrec's EncoderGraphFactory: torchvision ResNet-18/50 with a 1-channel stem
(7x7/2, no bias), global average pool -> embedding E; heads proj = Linear(E,E,no bias) -> BN1d -> ReLU
-> Linear(E,128) and genre = Linear(E,7). Training step = forward (train mode) + backward of
dL/dout = out/N for both heads (loss = sum(out^2)/(2N)) + Adam(lr 3e-4, betas .9/.999, L2 1e-4).
Inference = embedding in eval mode under no_grad. 2 threads, random input [N,1,84,W].

  torch_encoder.py MODE ARCH BATCH WIDTH ROUNDS      MODE = bench | profile | infer
profile adds a per-op-type table (torch.profiler; ms per step, mean over the profiled rounds),
grouped like the Java side (EngineProfile): conv, batchnorm, relu, maxpool, add, avgpool, heads,
updater; forward (train), backward and inference forward.
"""
import sys, time, statistics, resource, os
import torch
from encoder_net import Encoder

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
mode, arch, B, W, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.manual_seed(0)


net = Encoder(arch)
x = torch.randn(B, 1, 84, W)
opt = torch.optim.Adam(net.parameters(), lr=3e-4, betas=(0.9, 0.999), weight_decay=1e-4)


cpu = {"train": [], "infer": []}


def train_step():
    c = time.process_time()
    s = time.perf_counter()
    net.train()
    opt.zero_grad()
    with torch.autograd.profiler.record_function("FWD"):
        p, g = net(x)
        loss = (p.pow(2).sum() + g.pow(2).sum()) / (2 * B)
    with torch.autograd.profiler.record_function("BWD"):
        loss.backward()
    with torch.autograd.profiler.record_function("STEP"):
        opt.step()
    dt = time.perf_counter() - s
    cpu["train"].append(time.process_time() - c)
    return dt


def infer():
    c = time.process_time()
    s = time.perf_counter()
    net.eval()
    with torch.no_grad(), torch.autograd.profiler.record_function("INFER"):
        e = net.backbone(x)
    dt = time.perf_counter() - s
    cpu["infer"].append(time.process_time() - c)
    return dt


print("# torch %s %s batch=%d width=%d threads=%d params=%d" % (torch.__version__, arch, B, W, torch.get_num_threads(),
      sum(p.numel() for p in net.parameters())))
tt, ti = [], []
prof = None
for r in range(rounds + 1):  # round 0: warm-up
    a = train_step() if mode != "infer" else 0.0
    b = infer()
    if r > 0:
        tt.append(a); ti.append(b)
    print("round %d train %.3f s infer %.3f s" % (r, a, b))
if mode == "profile":  # the profiler slows small ops down: profiled rounds are extra, not timed
    prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
    with prof:
        for r in range(rounds):
            train_step(); infer()
load = open("/proc/loadavg").read().strip()
if mode != "infer":
    m = statistics.median(tt)
    print("RESULT torch %s train batch=%d width=%d median=%.3f s -> %.2f samples/s cpu_s=%.3f" % (
        arch, B, W, m, B / m, statistics.median(cpu["train"][1:rounds + 1])))
m = statistics.median(ti)
print("RESULT torch %s infer batch=%d width=%d median=%.3f s -> %.2f samples/s cpu_s=%.3f" % (
    arch, B, W, m, B / m, statistics.median(cpu["infer"][1:rounds + 1])))
print("RSS torch %s peak_rss_mb=%.0f load=%s" % (arch, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, load))

# ---- per-op-type table -------------------------------------------------------------------------
CATS = [  # (prefix of the profiler event name, category); the outermost matching event counts
    ("aten::convolution", "conv"), ("ConvolutionBackward", "conv"),
    ("aten::batch_norm", "batchnorm"), ("NativeBatchNormBackward", "batchnorm"),
    ("aten::relu", "relu"), ("ReluBackward", "relu"), ("aten::threshold_backward", "relu"),
    ("aten::max_pool2d", "maxpool"), ("MaxPool2DWithIndicesBackward", "maxpool"),
    ("aten::add_", "add"), ("aten::add", "add"), ("AddBackward", "add"),
    ("aten::adaptive_avg_pool2d", "avgpool"), ("MeanBackward", "avgpool"), ("aten::mean", "avgpool"),
    ("aten::linear", "heads"), ("AddmmBackward", "heads"), ("MmBackward", "heads"), ("TBackward", "heads"),
    ("torch::autograd::AccumulateGrad", "accum_grad"),
]


def cat_of(name):
    if name.startswith("autograd::engine::evaluate_function: "):
        name = name[len("autograd::engine::evaluate_function: "):]
    for p, c in CATS:
        if name.startswith(p):
            return c
    return None


if prof is not None:
    n = rounds
    tab = {}
    phase_tot = {}
    def walk(ev, phase, counted):
        nm = ev.name
        if nm in ("FWD", "BWD", "STEP", "INFER"):
            phase = nm
            phase_tot[phase] = phase_tot.get(phase, 0.0) + ev.cpu_time_total / 1e3
        c = None if counted else cat_of(nm)
        if phase == "STEP" and nm.startswith("Optimizer.step"):
            c = "updater" if not counted else None
        if c is not None and phase is not None:
            tab.setdefault(c, {}).setdefault(phase, 0.0)
            tab[c][phase] += ev.cpu_time_total / 1e3
            counted = True
        for ch in ev.cpu_children:
            walk(ch, phase, counted)
    roots = [e for e in prof.events() if e.cpu_parent is None]
    for e in roots:
        walk(e, None, False)
    # backward ops of autograd may run outside the BWD scope (engine thread): attribute them to BWD
    orphan = {}
    for e in roots:
        if e.name not in ("FWD", "BWD", "STEP", "INFER"):
            c = cat_of(e.name)
            if c:
                orphan[c] = orphan.get(c, 0.0) + e.cpu_time_total / 1e3
    for c, v in orphan.items():
        tab.setdefault(c, {}).setdefault("BWD", 0.0)
        tab[c]["BWD"] += v
    print("PROFILE torch %s batch=%d (ms per step, mean of %d rounds)" % (arch, B, n))
    print("%-10s %10s %10s %10s" % ("type", "train_fwd", "bwd", "infer_fwd"))
    tot = [0.0, 0.0, 0.0]
    for c in ["conv", "batchnorm", "relu", "maxpool", "add", "avgpool", "heads", "accum_grad", "updater"]:
        v = tab.get(c, {})
        f, b_, i = v.get("FWD", 0) / n, (v.get("BWD", 0) + v.get("STEP", 0)) / n, v.get("INFER", 0) / n
        tot = [tot[0] + f, tot[1] + b_, tot[2] + i]
        print("PROF %-10s %10.1f %10.1f %10.1f" % (c, f, b_, i))
    print("PROF %-10s %10.1f %10.1f %10.1f" % ("sum", *tot))
    bw = phase_tot.get("BWD", 0) / n + phase_tot.get("STEP", 0) / n
    print("PROF %-10s %10.1f %10.1f %10.1f  (record_function totals; bwd includes the optimizer step)" % (
        "phases", phase_tot.get("FWD", 0) / n, bw, phase_tot.get("INFER", 0) / n))
