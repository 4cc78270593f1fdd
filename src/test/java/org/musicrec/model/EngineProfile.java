package org.musicrec.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Manual CPU-engine benchmark and per-layer profiler of the encoder graph (not a test; the driver is
 * {@code benchmarks/engine_bench.sh}, which interleaves it with the PyTorch anchor
 * {@code benchmarks/anchors/torch_encoder.py} on the same shapes).
 *
 * <p>{@code java -cp … org.musicrec.model.EngineProfile MODE BACKBONE BATCH WIDTH ROUNDS}, MODE =
 * {@code bench} (training step and inference samples/s, peak RSS) or {@code profile} (also per layer
 * type forward/backward ms). A training step is the query encoder's step without MoCo's key encoder:
 * training-mode forward as {@link MocoModel} runs it ({@link GraphBackprop}: {@link DnnlTraining}, or with
 * {@code engine.train=dl4j} DL4J's layers through {@link ExternalErrorsBackprop}; only the latter has per-layer times),
 * dLoss/dOutput = output/N for both heads, backprop, Adam(+L2) update, {@code params -= update}.
 * Inference is what the embed stage runs: {@link FoldedBackbone#embed} ({@code engine.fold=false}: {@link EncoderGraphFactory#embed}). Per-layer times come from wrapping every vertex of the
 * graph in a timing proxy (the graph's own forward/backward loops call the proxies, so the timed path
 * is the real one, workspaces included); ND4J's CPU ops are synchronous, so wall time per call is the
 * op's time. Settings (system properties): {@code engine.helpers} (true), {@code engine.cache}
 * (CacheMode, default the factory's), {@code engine.ws} (WorkspaceMode for training and inference),
 * {@code engine.threads} (Environment.setMaxThreads; default 1 as {@link EngineThreads} sets it), {@code engine.fastbn} (install {@link FastBatchNormHelper}, default true as in {@link EncoderGraphFactory#create}).
 */
public final class EngineProfile {
    /** Accumulated ms per (category, phase). */
    static final Map<String, double[]> TIMES = new LinkedHashMap<>();
    static boolean recording;

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        String name = a[1];
        int batch = Integer.parseInt(a[2]);
        int width = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        if (Boolean.parseBoolean(System.getProperty("engine.helpers", "true"))) {
            OneDnnHelpers.enable();
        }
        EngineThreads.configure();   // as the CLI does; engine.threads overrides
        if (System.getProperty("engine.threads") != null) {
            int nt = Integer.parseInt(System.getProperty("engine.threads"));
            Nd4j.getEnvironment().setMaxThreads(nt);
            Nd4j.getEnvironment().setMaxMasterThreads(nt);
        }
        if (mode.equals("ab")) {
            ab(name, batch, width, rounds);
            return;
        }
        long t0 = System.nanoTime();
        ComputationGraph g = build(name, Boolean.parseBoolean(System.getProperty("engine.fastbn", "true")));
        System.out.printf(Locale.ROOT, "# %s batch=%d width=%d helpers=%b cache=%s ws=%s threads=%s params=%d build_s=%.1f%n",
                name, batch, width, OneDnnHelpers.enabled(), g.getConfiguration().getCacheMode(),
                g.getConfiguration().getTrainingWorkspaceMode(), System.getProperty("engine.threads", "default"),
                g.numParams(), (System.nanoTime() - t0) / 1e9);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, EncoderSpec.CQT_BINS, width);
        boolean profile = mode.equals("profile");
        boolean inferOnly = mode.equals("infer");
        // inference as the embed stage runs it: BN folded into the convolutions (engine.fold=false: the trained graph);
        // folded once from the initial weights (the values do not change the timing)
        FoldedBackbone folded = Boolean.parseBoolean(System.getProperty("engine.fold", "true")) ? FoldedBackbone.of(g) : null;
        if (profile) {
            instrument(g);
            if (folded != null) {
                instrument(folded.graph());
            }
        }
        List<Double> train = new ArrayList<>();
        List<Double> infer = new ArrayList<>();
        List<Double> trainCpu = new ArrayList<>();
        List<Double> inferCpu = new ArrayList<>();
        for (int r = 0; r < rounds + 1; r++) {   // round 0: warm-up (workspaces, oneDNN primitives, JIT)
            recording = profile && r > 0;
            if (!inferOnly) {
                double c0 = cpuSeconds();
                long f0 = minorFaults();
                double s = trainStep(g, x);
                if (r == rounds) {
                    long faults = minorFaults() - f0;
                    System.out.printf(Locale.ROOT, "FAULTS dl4j %s train step minor_faults=%d (%.0f MB of fresh pages)%n", name,
                            faults, faults * 4096 / 1048576.0);
                }
                if (r > 0) {
                    train.add(s);
                    trainCpu.add(cpuSeconds() - c0);
                }
            }
            double c0 = cpuSeconds();
            long i0 = System.nanoTime();
            INDArray emb = folded != null ? folded.embed(x) : EncoderGraphFactory.embed(g, x);
            double si = (System.nanoTime() - i0) / 1e9;
            if (r > 0) {
                infer.add(si);
                inferCpu.add(cpuSeconds() - c0);
            }
            System.out.printf(Locale.ROOT, "round %d train %.3f s infer %.3f s emb %s%n", r,
                    inferOnly ? 0.0 : (r > 0 ? train.get(r - 1) : Double.NaN), si, Arrays.toString(emb.shape()));
        }
        recording = false;
        double tm = median(train);
        double im = median(infer);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        if (!inferOnly) {
            System.out.printf(Locale.ROOT, "RESULT dl4j %s train batch=%d width=%d median=%.3f s -> %.2f samples/s cpu_s=%.3f%n",
                    name, batch, width, tm, batch / tm, median(trainCpu));
        }
        System.out.printf(Locale.ROOT, "RESULT dl4j %s infer batch=%d width=%d median=%.3f s -> %.2f samples/s cpu_s=%.3f%n",
                name, batch, width, im, batch / im, median(inferCpu));
        System.out.printf(Locale.ROOT, "RSS dl4j %s peak_rss_mb=%.0f load=%s%n", name, vmHwmKb() / 1024.0, load);
        // where the memory is: DL4J's workspaces of this thread (the rest is parameters, updater state, JVM heap)
        long wsTotal = 0;
        for (var w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            wsTotal += w.getCurrentSize();
            System.out.printf(Locale.ROOT, "WS dl4j %s %s %.0f MB%n", name, w.getId(), w.getCurrentSize() / 1048576.0);
        }
        System.out.printf(Locale.ROOT, "WS dl4j %s total %.0f MB, params+grads+updater %.0f MB, JVM heap committed %.0f MB, "
                        + "JavaCPP tracked off-heap %.0f MB, physical %.0f MB%n", name, wsTotal / 1048576.0,
                4.0 * (g.numParams() * 2 + g.getUpdater().getStateViewArray().length()) / 1048576.0,
                Runtime.getRuntime().totalMemory() / 1048576.0, org.bytedeco.javacpp.Pointer.totalBytes() / 1048576.0,
                org.bytedeco.javacpp.Pointer.physicalBytes() / 1048576.0);
        if (profile) {
            int n = train.size();
            System.out.println("PROFILE dl4j " + name + " batch=" + batch + " (ms per step, mean of " + n + " rounds)");
            System.out.printf(Locale.ROOT, "%-10s %10s %10s %10s%n", "type", "train_fwd", "bwd", "infer_fwd");
            double[] tot = new double[3];
            for (var e : TIMES.entrySet()) {
                double[] v = e.getValue();
                System.out.printf(Locale.ROOT, "PROF %-10s %10.1f %10.1f %10.1f%n", e.getKey(), v[0] / n, v[1] / n, v[2] / n);
                for (int i = 0; i < 3; i++) {
                    tot[i] += v[i] / n;
                }
            }
            System.out.printf(Locale.ROOT, "PROF %-10s %10.1f %10.1f %10.1f%n", "sum", tot[0], tot[1], tot[2]);
            System.out.printf(Locale.ROOT, "PROF %-10s step median %.1f ms, infer median %.1f ms%n", "wall", tm * 1e3, im * 1e3);
        }
    }

    /**
     * In-JVM A/B of one change ({@code engine.ab}: {@code fastbn} = without/with {@link FastBatchNormHelper};
     * {@code convreuse} = without/with {@link ConvForwardReuse}; {@code dnnl} = libnd4j's convolution ops / {@link DnnlConvHelper}; {@code dnnlrelu} = {@link InPlaceRelu} on ND4J / oneDNN; {@code dnnlbn} = {@link FastBatchNormHelper} on Java kernels / oneDNN; {@code dnnltrain} = the training pass through DL4J's layers / {@link DnnlTraining};
     * {@code relu} = DL4J's ReLU layer / {@link InPlaceRelu}; {@code threads} = libnd4j's default threads / one ({@link EngineThreads}); {@code cache} = CacheMode NONE/DEVICE; {@code ws} = workspaces ENABLED/NONE; {@code embed} = embedding via
     * {@code feedForward} / via {@code output(List.of(embedding))}, inference only),
     * same weights, steps alternating A, B, A, B so machine load hits both alike; prints the per-round
     * ratio B/A of throughput and its median (the load-matched figure).
     */
    static void ab(String name, int batch, int width, int rounds) throws Exception {
        String what = System.getProperty("engine.ab", "fastbn");
        boolean fast = !what.equals("fastbn");
        if (what.equals("convreuse") || what.equals("fastbn")) {
            System.setProperty("engine.convreuse", "false");
        }
        if (what.equals("dnnl")) {
            System.setProperty("engine.dnnl", "false");
        }

        ComputationGraph a = what.equals("relu") ? build(name, fast, true) : build(name, fast);
        ComputationGraph b = build(name, fast);
        b.params().assign(a.params());
        switch (what) {
            case "fastbn" -> System.out.println("# B: FastBatchNormHelper on " + FastBatchNormHelper.install(b) + " BN layers");
            case "convreuse" -> System.out.println("# B: ConvForwardReuse on " + ConvForwardReuse.install(b) + " conv layers");
            case "dnnlrelu" -> {   // A: InPlaceRelu on ND4J's ops, B: on oneDNN (both with DnnlConvHelper)
                for (org.deeplearning4j.nn.api.Layer l : a.getLayers()) {
                    if (l instanceof InPlaceReluLayer r) {
                        r.useDnnl(null);
                    }
                }
                System.out.println("# A: ReLU on ND4J ops, B: on oneDNN");
            }
            case "dnnlbn" -> {   // A: FastBatchNormHelper's Java kernels, B: its oneDNN path (both with DnnlConvHelper)
                try {
                    java.lang.reflect.Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                            .getDeclaredField("helper");
                    f.setAccessible(true);
                    for (org.deeplearning4j.nn.api.Layer l : a.getLayers()) {
                        if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization
                                && f.get(l) instanceof FastBatchNormHelper h) {
                            h.useDnnl(null);
                        }
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                System.out.println("# A: BN on Java row kernels, B: on oneDNN");
            }
            case "dnnl" -> System.out.println("# A: libnd4j's conv ops, B: DnnlConvHelper on " + DnnlConvHelper.installAll(DnnlConvHelper.InputGradients.SKIP_NETWORK_INPUTS, b) + " conv layers");
            case "relu" -> System.out.println("# A: DL4J's ActivationLayer, B: InPlaceRelu");
            case "dnnltrain" -> {   // A: the training pass through DL4J's layers (with all helpers), B: DnnlTraining
                PASSES.put(a, GraphBackprop.dl4j(a));
                PASSES.put(b, GraphBackprop.of(b));
                System.out.println("# A: DL4J's layers, B: DnnlTraining (on oneDNN: " + PASSES.get(b).onOneDnn() + ")");
            }
            case "threads" -> {   // A: libnd4j's default thread count for its own loops, B: engine.ab.threads (1, EngineThreads)
                threadsA = Runtime.getRuntime().availableProcessors();   // libnd4j's default
                threadsB = Integer.getInteger("engine.ab.threads", 1);
                System.out.println("# A: libnd4j threads " + threadsA + ", B: " + threadsB);
            }
            case "cache" -> {   // A: the factory's CacheMode.NONE, B: DEVICE
                b.getConfiguration().setCacheMode(CacheMode.DEVICE);
                b.setCacheMode(CacheMode.DEVICE);
            }
            case "ws" -> {   // A: workspaces ENABLED (the factory's), B: NONE
                b.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
                b.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
            }
            case "embed" -> embedB = true;   // A: feedForward(x, false).get(embedding), B: output(List.of(embedding))
            default -> throw new IllegalArgumentException("engine.ab=" + what);
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, EncoderSpec.CQT_BINS, width);
        List<Double> ta = new ArrayList<>(), tb = new ArrayList<>(), ia = new ArrayList<>(), ib = new ArrayList<>();
        List<Double> rt = new ArrayList<>(), ri = new ArrayList<>();
        boolean trainToo = !what.equals("embed");
        for (int r = 0; r <= rounds; r++) {   // order A,B then B,A on alternate rounds
            boolean bFirst = r % 2 == 1;
            double sa = 0, sb = 0;
            if (trainToo) {
                if (bFirst) {
                    sb = onB(() -> trainStep(b, x));
                    sa = onA(() -> trainStep(a, x));
                } else {
                    sa = onA(() -> trainStep(a, x));
                    sb = onB(() -> trainStep(b, x));
                }
            }
            double ea, eb;
            if (bFirst) {
                eb = onB(() -> embedTime(b, x, true));
                ea = onA(() -> embedTime(a, x, !embedB));
            } else {
                ea = onA(() -> embedTime(a, x, !embedB));
                eb = onB(() -> embedTime(b, x, true));
            }
            System.out.printf(Locale.ROOT, "round %d train A %.3f B %.3f s | infer A %.3f B %.3f s | load %s%n", r, sa, sb, ea, eb,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            if (r > 0) {
                ta.add(sa); tb.add(sb); ia.add(ea); ib.add(eb);
                rt.add(trainToo ? sa / sb : 1.0); ri.add(ea / eb);
            }
        }
        System.out.printf(Locale.ROOT, "AB %s %s batch=%d width=%d train A %.2f B %.2f samples/s (median ratio B/A %.2fx) | "
                        + "infer A %.2f B %.2f samples/s (median ratio %.2fx) | max|param diff| %.2e%n", what, name, batch, width,
                batch / median(ta), batch / median(tb), median(rt), batch / median(ia), batch / median(ib), median(ri),
                a.params().sub(b.params()).amaxNumber().doubleValue());
        var pa = a.paramTable();
        var pb = b.paramTable();
        pa.keySet().stream().sorted((k1, k2) -> Double.compare(
                        pa.get(k2).sub(pb.get(k2)).amaxNumber().doubleValue(), pa.get(k1).sub(pb.get(k1)).amaxNumber().doubleValue()))
                .limit(4).forEach(k -> System.out.printf(Locale.ROOT, "AB param %s max|diff| %.2e max|A| %.2e%n", k,
                        pa.get(k).sub(pb.get(k)).amaxNumber().doubleValue(), pa.get(k).amaxNumber().doubleValue()));
    }

    static boolean embedB;
    static int threadsA;
    static int threadsB;

    interface Timed {
        double run() throws Exception;
    }

    /** Runs an A (or B) step with A's (B's) libnd4j thread count when the A/B is about threads; as is otherwise. */
    static double onA(Timed t) throws Exception {
        return withThreads(threadsA, t);
    }

    static double onB(Timed t) throws Exception {
        return withThreads(threadsB, t);
    }

    private static double withThreads(int n, Timed t) throws Exception {
        if (n > 0) {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
        }
        return t.run();
    }

    /** Embedding time: via output(List) (what EncoderGraphFactory.embed does now) or via the full feedForward (before). */
    static double embedTime(ComputationGraph g, INDArray x, boolean viaOutput) {
        long i0 = System.nanoTime();
        INDArray e = viaOutput ? g.output(List.of(ResNetBuilder.EMBEDDING), false, new INDArray[] {x}, null)[0]
                : g.feedForward(x, false).get(ResNetBuilder.EMBEDDING);
        if (e.size(0) != x.size(0)) {
            throw new IllegalStateException();
        }
        return (System.nanoTime() - i0) / 1e9;
    }

    static ComputationGraph build(String name, boolean fastBn) throws Exception {
        return build(name, fastBn, false);
    }

    static ComputationGraph build(String name, boolean fastBn, boolean dl4jRelu) throws Exception {
        EncoderConfig c = new ConfigLoader().defaults().encoder();
        EncoderSpec spec = EncoderSpec.fromConfig(c, 42).with(Backbone.named(name), 1, DataType.FLOAT);
        ComputationGraphConfiguration conf = EncoderGraphFactory.configuration(spec);
        if (dl4jRelu) {
            conf = HelperComparisons.withDl4jRelu(conf);
        }
        if (System.getProperty("engine.ws") != null) {
            WorkspaceMode ws = WorkspaceMode.valueOf(System.getProperty("engine.ws"));
            conf.setTrainingWorkspaceMode(ws);
            conf.setInferenceWorkspaceMode(ws);
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        if (System.getProperty("engine.cache") != null) {
            CacheMode cm = CacheMode.valueOf(System.getProperty("engine.cache"));
            conf.setCacheMode(cm);
            g.setCacheMode(cm);
        }
        if (fastBn) {   // as EncoderGraphFactory.create does
            System.out.println("# FastBatchNormHelper on " + FastBatchNormHelper.install(g) + " BN layers");
            if (!Boolean.parseBoolean(System.getProperty("engine.convreuse", "true"))) {
                return g;
            }
            if (Boolean.parseBoolean(System.getProperty("engine.dnnl", "true"))) {
                System.out.println("# DnnlConvHelper on " + DnnlConvHelper.installAll(DnnlConvHelper.InputGradients.SKIP_NETWORK_INPUTS, g) + " conv layers");
            } else {
                System.out.println("# ConvForwardReuse on " + ConvForwardReuse.install(g) + " conv layers");
            }
        }

        return g;
    }

    /** One query-encoder step as MocoModel does it, with a trivial loss; returns seconds. */
    /** Per graph, its training pass (oneDNN's unless {@code engine.train=dl4j}, or the A side of {@code ab dnnltrain}). */
    static final Map<ComputationGraph, GraphBackprop> PASSES = new java.util.IdentityHashMap<>();

    static double trainStep(ComputationGraph g, INDArray x) {
        long s0 = System.nanoTime();
        double n = x.size(0);
        GraphBackprop pass = PASSES.computeIfAbsent(g, k -> System.getProperty("engine.train", "dnnl").equals("dl4j")
                ? GraphBackprop.dl4j(k) : GraphBackprop.of(k));
        Gradient grad = pass.backprop(x, outs -> new INDArray[] {outs[0].div(n), outs[1].div(n)});
        long u0 = System.nanoTime();
        if (recording && pass.onOneDnn()) {   // DL4J's vertices (the timing proxies) do not run
            add("dnnl-pass", 1, (u0 - s0) / 1e6);
        }
        int it = g.getIterationCount();
        g.getUpdater().update(grad, it, g.getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
        long u1 = System.nanoTime();
        g.params().subi(grad.gradient());
        long u2 = System.nanoTime();
        g.getConfiguration().setIterationCount(it + 1);
        if (recording) {
            add("updater", 1, (u1 - u0) / 1e6);
            add("params-=", 1, (u2 - u1) / 1e6);
        }
        return (System.nanoTime() - s0) / 1e9;
    }


    static void add(String cat, int phase, double ms) {
        TIMES.computeIfAbsent(cat, k -> new double[3])[phase] += ms;
    }

    /** Replaces every vertex in the graph's vertex array by a timing proxy (the graph keeps the array). */
    static void instrument(ComputationGraph g) {
        GraphVertex[] vs = g.getVertices();
        for (int i = 0; i < vs.length; i++) {
            GraphVertex v = vs[i];
            String cat = category(v);
            vs[i] = (GraphVertex) Proxy.newProxyInstance(GraphVertex.class.getClassLoader(),
                    new Class<?>[] {GraphVertex.class}, (p, m, args) -> {
                        String mn = m.getName();
                        boolean fwd = mn.equals("doForward");
                        boolean bwd = mn.equals("doBackward");
                        long s = System.nanoTime();
                        try {
                            return m.invoke(v, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            if (recording && (fwd || bwd)) {
                                boolean train = fwd && (Boolean) args[0];
                                add(cat, bwd ? 1 : (train ? 0 : 2), (System.nanoTime() - s) / 1e6);
                            }
                        }
                    });
        }
    }

    static String category(GraphVertex v) {
        if (!v.hasLayer()) {
            String c = v.getClass().getSimpleName();
            return c.equals("ElementWiseVertex") ? "add" : c.replace("Vertex", "").toLowerCase(Locale.ROOT);
        }
        String name = v.getVertexName();
        var conf = v.getLayer().conf().getLayer();
        String t = conf.getClass().getSimpleName();
        if (name.startsWith("proj") || name.equals("genre")) {
            return "heads";
        }
        return switch (t) {
            case "ConvolutionLayer" -> {
                var c = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf;
                yield "conv" + c.getKernelSize()[0] + "x" + c.getKernelSize()[1];
            }
            case "BatchNormalization" -> "batchnorm";
            case "ActivationLayer" -> "relu";
            case "SubsamplingLayer" -> "maxpool";
            case "GlobalPoolingLayer" -> "avgpool";
            default -> t;
        };
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** User + system CPU time of the whole process (all threads, native ones included), from /proc/self/stat. */
    /** Fields of /proc/self/stat after the command name (index 0 = state), or null if unreadable. */
    private static String[] procStat() {
        try {
            String st = Files.readString(Path.of("/proc/self/stat"));
            return st.substring(st.lastIndexOf(')') + 2).split(" ");
        } catch (Exception e) {
            return null;
        }
    }

    /** Minor page faults of this process so far (each a fresh page the kernel had to map and zero). */
    static long minorFaults() {
        String[] f = procStat();
        return f == null ? -1 : Long.parseLong(f[7]);
    }

    static double cpuSeconds() {
        String[] f = procStat();
        return f == null ? Double.NaN : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;   // utime, stime in clock ticks (USER_HZ 100)
    }

    static long vmHwmKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
