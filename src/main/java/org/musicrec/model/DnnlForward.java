package org.musicrec.model;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * Inference of a folded backbone ({@link FoldedBackbone}) as one chain of oneDNN primitives, with every
 * intermediate tensor kept in the blocked layout oneDNN's kernels chose: no NCHW round trip per layer,
 * weights reordered once, and each residual block's add and ReLU done inside its last convolution
 * (oneDNN's sum and ReLU post-ops, writing into the shortcut's buffer) instead of two passes over the
 * activation. The same network as DL4J's layers compute, to float rounding ({@code DnnlForwardTest}).
 *
 * <p>Handles what a folded ResNet is made of: plain 2-D convolutions (NCHW, no dilation; identity or
 * ReLU), ReLU activation layers, two-input adds, max pooling, global average pooling. {@link #of}
 * returns null for any other graph, which then runs on DL4J. Parameters are read once, at
 * {@link #of}: the folded graph never changes its parameters after it is built.
 *
 * <p>A {@link Plan} per input shape holds the primitives and a buffer pool sized by liveness (a tensor's
 * buffer is reused once its last reader ran). Not thread-safe, like the graph it replaces.
 */
final class DnnlForward {
    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();
    private static final int PLANS = 3;   // a full pass, the remainder pass, one more

    private final DnnlRuntime runtime;
    private final List<Node> nodes;
    private final String input;
    private final String output;
    /** Weights and biases in the layouts the plans' primitives chose, per parameter array (identity). */
    private final Map<INDArray, List<memory>> constants = new java.util.IdentityHashMap<>();
    private final Map<String, Plan> plans = new LruCache<>(PLANS);

    /** One vertex of the graph, as read from its configuration; parameters copied (they are constant). */
    private sealed interface Node permits Conv, Relu, Add, Pool, GlobalAvg {
        String name();

        List<String> inputs();
    }

    private record Conv(String name, List<String> inputs, INDArray weights, INDArray bias, long[] strides, long[] pad,
                        boolean same, boolean relu) implements Node {
    }

    private record Relu(String name, List<String> inputs) implements Node {
    }

    private record Add(String name, List<String> inputs) implements Node {
    }

    private record Pool(String name, List<String> inputs, long[] kernel, long[] strides, long[] pad, boolean same)
            implements Node {
    }

    private record GlobalAvg(String name, List<String> inputs) implements Node {
    }

    private DnnlForward(DnnlRuntime runtime, List<Node> nodes, String input, String output) {
        this.runtime = runtime;
        this.nodes = nodes;
        this.input = input;
        this.output = output;
    }

    /**
     * The oneDNN chain for {@code graph} (one input, single output {@code output}, vertices in topological
     * order), or null when a vertex is of a kind it does not handle, the backend is not the CPU, or
     * {@value DnnlConvHelper#PROPERTY}{@code =false}.
     */
    static DnnlForward of(ComputationGraph graph, String output) {
        if ("false".equalsIgnoreCase(System.getProperty(DnnlConvHelper.PROPERTY))) {
            return null;
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || graph.params().dataType() != DataType.FLOAT) {
            return null;
        }
        List<Node> nodes = new ArrayList<>();
        for (int idx : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[idx].getVertexName();
            GraphVertex v = conf.getVertices().get(name);
            if (v == null) {
                continue;   // the network input
            }
            Node n = node(graph, name, v, conf.getVertexInputs().get(name));
            if (n == null) {
                return null;
            }
            nodes.add(n);
            if (name.equals(output)) {
                break;
            }
        }
        if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).name().equals(output)) {
            return null;
        }
        DnnlRuntime runtime = DnnlRuntime.create();
        return runtime == null ? null : new DnnlForward(runtime, List.copyOf(nodes), conf.getNetworkInputs().get(0), output);
    }

    private static Node node(ComputationGraph graph, String name, GraphVertex v, List<String> inputs) {
        if (v instanceof ElementWiseVertex e) {
            return e.getOp() == ElementWiseVertex.Op.Add && inputs.size() == 2 ? new Add(name, inputs) : null;
        }
        if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null || inputs.size() != 1) {
            return null;
        }
        Layer l = lv.getLayerConf().getLayer();
        if (l instanceof ConvolutionLayer c && c.getClass() == ConvolutionLayer.class) {
            IActivation act = c.getActivationFn();
            boolean relu = PLAIN_RELU.equals(act);
            if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW || c.getDilation()[0] != 1 || c.getDilation()[1] != 1
                    || !(relu || act instanceof ActivationIdentity)) {
                return null;
            }
            var layer = graph.getLayer(name);
            INDArray b = c.hasBias() ? layer.getParam(ConvolutionParamInitializer.BIAS_KEY) : null;
            return new Conv(name, inputs, layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY).dup('c'),
                    b == null ? null : b.dup('c').reshape(-1), longs(c.getStride()), longs(c.getPadding()),
                    c.getConvolutionMode() == ConvolutionMode.Same, relu);
        }
        if (l instanceof ActivationLayer a) {
            return PLAIN_RELU.equals(a.getActivationFn()) ? new Relu(name, inputs) : null;
        }
        if (l instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class) {
            boolean ok = s.getPoolingType() == PoolingType.MAX && s.getCnn2dDataFormat() == CNN2DFormat.NCHW
                    && s.getDilation()[0] == 1 && s.getDilation()[1] == 1;
            return ok ? new Pool(name, inputs, longs(s.getKernelSize()), longs(s.getStride()), longs(s.getPadding()),
                    s.getConvolutionMode() == ConvolutionMode.Same) : null;
        }
        if (l instanceof GlobalPoolingLayer g) {
            int[] dims = g.getPoolingDimensions();
            boolean spatial = dims == null || Arrays.equals(dims, new int[] {2, 3});
            return g.getPoolingType() == PoolingType.AVG && spatial && g.isCollapseDimensions()
                    ? new GlobalAvg(name, inputs) : null;
        }
        return null;
    }

    /** The output ({@code [N, C]}) for {@code x} ({@code [N, C, H, W]}, float). */
    INDArray output(INDArray x) {
        INDArray in = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) && x.dataType() == DataType.FLOAT
                ? x : x.castTo(DataType.FLOAT).dup('c');
        String key = Arrays.toString(in.shape());
        Plan p = plans.get(key);
        if (p == null) {
            p = new Plan(in.shape());
            plans.put(key, p);
        }
        return p.run(in);
    }

    /** The kinds of the primitives one pass runs for inputs of {@code shape}, in order (for tests and benchmarks). */
    List<String> stepKinds(long[] shape) {
        Plan p = plans.computeIfAbsent(Arrays.toString(shape), k -> new Plan(shape));
        return p.steps.stream().map(st -> st.prim().getClass().getSimpleName()).toList();
    }

    /** A tensor of the chain: its dims, its layout, the buffer it lives in (null: the caller's input). */
    private static final class Tensor {
        final long[] dims;
        final memory.desc desc;
        final memory mem;
        final Buffer buffer;
        int liveNames;   // vertex names mapped to it that still have readers to come

        Tensor(long[] dims, memory.desc desc, memory mem, Buffer buffer) {
            this.dims = dims;
            this.desc = desc;
            this.mem = mem;
            this.buffer = buffer;
        }
    }

    private record Buffer(BytePointer memory, long bytes) {
    }

    /** One executable step: a primitive and its arguments. */
    private record Step(primitive prim, IntMemoryMap args) {
    }

    /** The primitives and buffers for one input shape. */
    private final class Plan {
        private final List<Step> steps = new ArrayList<>();
        private final List<Buffer> free = new ArrayList<>();
        private final List<Object> keepAlive = new ArrayList<>();   // JavaCPP objects the steps refer to
        private final Map<String, Tensor> tensors = new HashMap<>();
        private final Map<String, Integer> remainingReads = new HashMap<>();
        private final memory inputMem;
        private final memory outputMem;
        private final long[] outputShape;

        Plan(long[] inputShape) {
            for (Node n : nodes) {
                for (String i : n.inputs()) {
                    remainingReads.merge(i, 1, Integer::sum);
                }
            }
            remainingReads.merge(output, 1, Integer::sum);   // the caller reads the output
            Map<String, Integer> readers = Map.copyOf(remainingReads);
            memory.desc inDesc = new memory.desc(inputShape, memory.data_type.f32, memory.format_tag.nchw);
            inputMem = new memory(inDesc, runtime.engine(), (Pointer) null);
            bind(input, new Tensor(inputShape, inDesc, inputMem, null));

            Map<String, Conv> deferredFor = new HashMap<>();   // add name → the convolution fused into it
            Map<String, String> fusedRelu = new HashMap<>();   // relu name → the add it was fused into
            for (Node n : nodes) {
                if (n instanceof Conv c) {
                    Add a = fusableAdd(c, readers, deferredFor);
                    if (a != null) {
                        deferredFor.put(a.name(), c);   // runs when the add does, writing into the shortcut
                        continue;
                    }
                }
                if (n instanceof Relu r && fusedRelu.containsKey(r.name())) {
                    bind(r.name(), tensors.get(fusedRelu.get(r.name())));
                    read(r.inputs());
                    continue;
                }
                Tensor in = tensors.get(n.inputs().get(0));
                Tensor out;
                if (n instanceof Conv c) {
                    out = conv(c, in, null, c.relu());
                } else if (n instanceof Relu r) {
                    out = relu(in, readers.get(r.inputs().get(0)) == 1);
                } else if (n instanceof Add a) {
                    out = add(a, deferredFor.remove(a.name()), readers, fusedRelu);
                } else if (n instanceof Pool p) {
                    out = pool(p, in);
                } else {
                    out = globalAvg(in);
                }
                bind(n.name(), out);
                read(n.inputs());
            }
            Tensor last = tensors.get(output);
            outputShape = new long[] {last.dims[0], last.dims[1]};
            memory.desc plainOut = new memory.desc(last.dims, memory.data_type.f32, memory.format_tag.nchw);
            outputMem = new memory(plainOut, runtime.engine(), (Pointer) null);
            addReorder(last.mem, outputMem);
        }

        private void bind(String name, Tensor t) {
            tensors.put(name, t);
            if (remainingReads.getOrDefault(name, 0) > 0) {
                t.liveNames++;
            }
        }

        /** A step read these names: names without readers left die, and so do tensors without live names. */
        private void read(List<String> names) {
            for (String i : names) {
                int left = remainingReads.merge(i, -1, Integer::sum);
                Tensor t = tensors.get(i);
                if (left == 0 && t != null && --t.liveNames == 0 && t.buffer != null) {
                    free.add(t.buffer);
                }
            }
        }

        /**
         * The add that convolution {@code c} can run inside (as oneDNN's sum post-op, writing into the
         * other input's buffer), or null: c must be read by that add only, the add must not have a
         * convolution already, and the other input must be read by nothing that runs after the add.
         */
        private Add fusableAdd(Conv c, Map<String, Integer> readers, Map<String, Conv> deferredFor) {
            if (readers.getOrDefault(c.name(), 0) != 1) {
                return null;
            }
            for (int ai = 0; ai < nodes.size(); ai++) {
                if (!(nodes.get(ai) instanceof Add a) || !a.inputs().contains(c.name())) {
                    continue;
                }
                String other = a.inputs().get(a.inputs().get(0).equals(c.name()) ? 1 : 0);
                if (other.equals(c.name()) || other.equals(input) || other.equals(output) || deferredFor.containsKey(a.name())) {
                    return null;
                }
                for (int j = 0; j < nodes.size(); j++) {
                    Node r = nodes.get(j);
                    // every other reader of the shortcut must run before the add (a postponed convolution would not)
                    boolean runsAfter = j > ai || (r instanceof Conv rc && isPostponable(rc, readers));
                    if (r != a && r.inputs().contains(other) && runsAfter) {
                        return null;
                    }
                }
                return a;
            }
            return null;
        }

        private boolean isPostponable(Conv r, Map<String, Integer> readers) {
            return readers.getOrDefault(r.name(), 0) == 1
                    && nodes.stream().anyMatch(n -> n instanceof Add && n.inputs().contains(r.name()));
        }

        private Tensor add(Add a, Conv branch, Map<String, Integer> readers, Map<String, String> fusedRelu) {
            if (branch == null) {
                return binaryAdd(tensors.get(a.inputs().get(0)), tensors.get(a.inputs().get(1)));
            }
            String shortcut = a.inputs().get(a.inputs().get(0).equals(branch.name()) ? 1 : 0);
            String relu = soleReluReader(a.name(), readers);
            Tensor out = conv(branch, tensors.get(branch.inputs().get(0)), tensors.get(shortcut), relu != null);
            read(branch.inputs());
            if (relu != null) {
                fusedRelu.put(relu, a.name());
            }
            return out;
        }

        private String soleReluReader(String name, Map<String, Integer> readers) {
            if (readers.getOrDefault(name, 0) != 1) {
                return null;
            }
            for (Node n : nodes) {
                if (n.inputs().contains(name)) {
                    return n instanceof Relu ? n.name() : null;
                }
            }
            return null;
        }

        INDArray run(INDArray x) {
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, outputShape);
            inputMem.set_data_handle(x.data().addressPointer());
            outputMem.set_data_handle(out.data().addressPointer());
            for (Step s : steps) {
                s.prim().execute(runtime.stream(), s.args());
            }
            runtime.stream()._wait();
            return out;
        }

        /** conv(src) (+ bias) [+ into, as oneDNN's sum post-op] [then ReLU]; with {@code into} the result lives in its buffer. */
        private Tensor conv(Conv c, Tensor src, Tensor into, boolean relu) {
            long[] w = c.weights().shape();
            long[] dst = convOutput(src.dims, w, c.strides(), c.pad(), c.same());
            long[][] pads = pads(src.dims, dst, new long[] {w[2], w[3]}, c.strides(), c.pad(), c.same());
            memory.desc any = new memory.desc(dst, memory.data_type.f32, memory.format_tag.any);
            memory.desc dstDesc = into != null ? into.desc : any;
            memory.desc biasDesc = c.bias() == null ? null
                    : new memory.desc(new long[] {w[0]}, memory.data_type.f32, memory.format_tag.x);
            memory.desc srcAny = new memory.desc(src.dims, memory.data_type.f32, memory.format_tag.any);
            memory.desc wAny = new memory.desc(w, memory.data_type.f32, memory.format_tag.any);
            convolution_forward.desc d = biasDesc == null
                    ? new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct, srcAny, wAny,
                    dstDesc, c.strides(), pads[0], pads[1])
                    : new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct, srcAny, wAny,
                    biasDesc, dstDesc, c.strides(), pads[0], pads[1]);
            primitive_attr attr = new primitive_attr();
            post_ops ops = new post_ops();
            if (into != null) {
                ops.append_sum();   // scale 1: dst = conv + dst
            }
            if (relu) {
                ops.append_eltwise(1.0f, algorithm.eltwise_relu, 0f, 0f);
            }
            attr.set_post_ops(ops);
            convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, attr, runtime.engine());
            Tensor in = inLayout(src, pd.src_desc());
            memory weights = constant(c.weights(), new memory.desc(w, memory.data_type.f32, memory.format_tag.oihw),
                    pd.weights_desc());
            Tensor out = into != null ? into : allocate(dst, pd.dst_desc());
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, in.mem);
            args.put(DNNL_ARG_WEIGHTS, weights);
            args.put(DNNL_ARG_DST, out.mem);
            if (biasDesc != null) {
                args.put(DNNL_ARG_BIAS, constant(c.bias(), biasDesc, biasDesc));
            }
            add(new convolution_forward(pd), args);
            if (in != src) {
                free.add(in.buffer);   // the reordered copy is read by this step only
            }
            return out;
        }

        private Tensor relu(Tensor src, boolean inPlace) {
            eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_inference, algorithm.eltwise_relu, src.desc, 0f, 0f), runtime.engine());
            Tensor out = inPlace && src.buffer != null ? src : allocate(src.dims, src.desc);
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, src.mem);
            args.put(DNNL_ARG_DST, out.mem);
            add(new eltwise_forward(pd), args);
            return out;
        }

        private Tensor binaryAdd(Tensor a, Tensor b) {
            Tensor bb = inLayout(b, a.desc);
            Tensor out = allocate(a.dims, a.desc);
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC_0, a.mem);
            args.put(DNNL_ARG_SRC_1, bb.mem);
            args.put(DNNL_ARG_DST, out.mem);
            add(new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_add, a.desc, bb.desc, a.desc),
                    runtime.engine())), args);
            if (bb != b) {
                free.add(bb.buffer);
            }
            return out;
        }

        private Tensor pool(Pool p, Tensor src) {
            long[] dst = convOutput(src.dims, new long[] {src.dims[1], src.dims[1], p.kernel()[0], p.kernel()[1]},
                    p.strides(), p.pad(), p.same());
            long[][] pads = pads(src.dims, dst, p.kernel(), p.strides(), p.pad(), p.same());
            pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    prop_kind.forward_inference, algorithm.pooling_max, src.desc,
                    new memory.desc(dst, memory.data_type.f32, memory.format_tag.any), p.strides(), p.kernel(),
                    pads[0], pads[1]), runtime.engine());
            return poolStep(pd, src, dst);
        }

        private Tensor globalAvg(Tensor src) {
            long[] dst = {src.dims[0], src.dims[1], 1, 1};
            pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    prop_kind.forward_inference, algorithm.pooling_avg_exclude_padding, src.desc,
                    new memory.desc(dst, memory.data_type.f32, memory.format_tag.any), new long[] {1, 1},
                    new long[] {src.dims[2], src.dims[3]}, new long[] {0, 0}, new long[] {0, 0}), runtime.engine());
            return poolStep(pd, src, dst);
        }

        private Tensor poolStep(pooling_forward.primitive_desc pd, Tensor src, long[] dst) {
            Tensor out = allocate(dst, pd.dst_desc());
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_SRC, src.mem);
            args.put(DNNL_ARG_DST, out.mem);
            add(new pooling_forward(pd), args);
            return out;
        }

        /** {@code t} itself when it already has layout {@code want}, else a reordered copy (a step). */
        private Tensor inLayout(Tensor t, memory.desc want) {
            if (t.desc.equals(want)) {
                return t;
            }
            Tensor copy = allocate(t.dims, want);
            addReorder(t.mem, copy.mem);
            return copy;
        }

        /**
         * A constant (weights, bias) in the layout {@code want}: reordered once, and shared by every plan that
         * wants the same layout (plans for different batch sizes usually do), so weights are held once.
         */
        private memory constant(INDArray value, memory.desc plain, memory.desc want) {
            List<memory> copies = constants.computeIfAbsent(value, v -> new ArrayList<>());
            for (memory m : copies) {
                if (m.get_desc().equals(want)) {
                    return m;
                }
            }
            memory user = new memory(plain, runtime.engine(), value.data().addressPointer());
            memory m = new memory(want, runtime.engine());
            new reorder(user, m).execute(runtime.stream(), reorderArgs(user, m));
            runtime.stream()._wait();
            copies.add(m);
            return m;
        }

        private void addReorder(memory from, memory to) {
            add(new reorder(from, to), reorderArgs(from, to));
        }

        private void add(primitive p, IntMemoryMap args) {
            steps.add(new Step(p, args));
        }

        /** A tensor of {@code dims} in layout {@code desc}, in a free buffer large enough or a new one. */
        private Tensor allocate(long[] dims, memory.desc desc) {
            long bytes = desc.get_size();
            Buffer best = null;
            for (Buffer b : free) {
                if (b.bytes() >= bytes && (best == null || b.bytes() < best.bytes())) {
                    best = b;
                }
            }
            if (best != null) {
                free.remove(best);
            } else {
                BytePointer raw = new BytePointer(bytes + DnnlRuntime.ALIGNMENT);
                keepAlive.add(raw);
                best = new Buffer(DnnlRuntime.aligned(raw), bytes);
            }
            return new Tensor(dims, desc, new memory(desc, runtime.engine(), best.memory()), best);
        }

    }

    private static IntMemoryMap reorderArgs(memory from, memory to) {
        IntMemoryMap m = new IntMemoryMap();
        m.put(DNNL_ARG_FROM, from);
        m.put(DNNL_ARG_TO, to);
        return m;
    }

    private static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    /** Output dims of a convolution or pooling window ({@code w}: [out channels, in channels, kh, kw]). */
    private static long[] convOutput(long[] src, long[] w, long[] strides, long[] pad, boolean same) {
        long[] out = new long[4];
        out[0] = src[0];
        out[1] = w[0];
        for (int d = 0; d < 2; d++) {
            out[2 + d] = same ? (src[2 + d] + strides[d] - 1) / strides[d]
                    : (src[2 + d] + 2 * pad[d] - w[2 + d]) / strides[d] + 1;
        }
        return out;
    }

    /** {padLeft, padRight}: symmetric, or for Same mode DL4J's top-left padding plus the remainder. */
    private static long[][] pads(long[] src, long[] dst, long[] kernel, long[] strides, long[] pad, boolean same) {
        if (!same) {
            return new long[][] {pad, pad};
        }
        long[] l = new long[2], r = new long[2];
        for (int d = 0; d < 2; d++) {
            long total = Math.max(0, (dst[2 + d] - 1) * strides[d] + kernel[d] - src[2 + d]);
            l[d] = total / 2;
            r[d] = total - l[d];
        }
        return new long[][] {l, r};
    }
}
