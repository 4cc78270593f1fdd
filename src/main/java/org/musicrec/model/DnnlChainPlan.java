package org.musicrec.model;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.Pointer;
import org.musicrec.model.DnnlForward.Add;
import org.musicrec.model.DnnlForward.Bn;
import org.musicrec.model.DnnlForward.Conv;
import org.musicrec.model.DnnlForward.Dense;
import org.musicrec.model.DnnlForward.Node;
import org.musicrec.model.DnnlForward.Pool;
import org.musicrec.model.DnnlForward.Relu;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * One {@link DnnlForward} chain built for one input shape: the primitives in execution order with their
 * arguments, and the buffers the tensors live in. Built by walking the chain's vertices in topological
 * order; a convolution whose only reader is a residual add is postponed to the add and runs with oneDNN's
 * sum (and the add's ReLU) post-ops, writing into the shortcut's buffer. A tensor's buffer returns to the
 * pool once no vertex name mapped to it has readers left, so the plan holds a few activations, not all.
 */
final class DnnlChainPlan {
    private final DnnlForward chain;
    private final List<DnnlStep> steps = new ArrayList<>();
    private final DnnlBufferPool buffers = new DnnlBufferPool();
    private final List<Pointer> keepAlive = new ArrayList<>();   // JavaCPP objects the steps refer to
    private final Map<String, DnnlTensor> tensors = new HashMap<>();
    private final Map<String, Integer> remainingReads = new HashMap<>();
    /** Java-side work before the primitives of every run (packing a live chain's BN scale and shift). */
    private final List<Runnable> before = new ArrayList<>();
    /** Per BatchNorm vertex, {mean, variance} arrays the primitives write (training-mode chains). */
    private final Map<String, INDArray[]> statistics = new HashMap<>();
    private final memory inputMem;
    private final memory outputMem;
    private final long[] outputShape;

    DnnlChainPlan(DnnlForward chain, long[] inputShape) {
        this.chain = chain;
        for (Node n : chain.nodes) {
            for (String i : n.inputs()) {
                remainingReads.merge(i, 1, Integer::sum);
            }
        }
        remainingReads.merge(chain.output, 1, Integer::sum);   // the caller reads the output
        Map<String, Integer> readers = Map.copyOf(remainingReads);
        memory.desc inDesc = new memory.desc(inputShape, memory.data_type.f32, memory.format_tag.nchw);
        inputMem = new memory(inDesc, chain.runtime.engine(), (Pointer) null);
        bind(chain.input, new DnnlTensor(inputShape, inDesc, inputMem, null));

        Map<String, Conv> deferredFor = new HashMap<>();   // add name → the convolution fused into it
        Map<String, String> fusedRelu = new HashMap<>();   // relu name → the add it was fused into
        for (Node n : chain.nodes) {
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
            DnnlTensor in = tensors.get(n.inputs().get(0));
            DnnlTensor out;
            if (n instanceof Conv c) {
                out = conv(c, in, null, c.relu());
            } else if (n instanceof Relu r) {
                out = relu(in, readers.get(r.inputs().get(0)) == 1);
            } else if (n instanceof Add a) {
                out = add(a, deferredFor.remove(a.name()), readers, fusedRelu);
            } else if (n instanceof Pool p) {
                out = pool(p, in);
            } else if (n instanceof Bn b) {
                out = batchNorm(b, in);
            } else if (n instanceof Dense d) {
                out = dense(d, in);
            } else {
                out = globalAvg(in);
            }
            bind(n.name(), out);
            read(n.inputs());
        }
        DnnlTensor last = tensors.get(chain.output);
        outputShape = last.dims.clone();
        memory.desc plainOut = plain(last.dims);
        outputMem = new memory(plainOut, chain.runtime.engine(), (Pointer) null);
        addReorder(last.mem, outputMem);
    }

    private void bind(String name, DnnlTensor t) {
        tensors.put(name, t);
        if (remainingReads.getOrDefault(name, 0) > 0) {
            t.refs++;
        }
    }

    /** A step read these names: names without readers left die, and so do tensors without live names. */
    private void read(List<String> names) {
        for (String i : names) {
            int left = remainingReads.merge(i, -1, Integer::sum);
            DnnlTensor t = tensors.get(i);
            if (left == 0 && t != null) {
                t.release(buffers);
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
        for (int ai = 0; ai < chain.nodes.size(); ai++) {
            if (!(chain.nodes.get(ai) instanceof Add a) || !a.inputs().contains(c.name())) {
                continue;
            }
            String other = a.inputs().get(a.inputs().get(0).equals(c.name()) ? 1 : 0);
            if (other.equals(c.name()) || other.equals(chain.input) || other.equals(chain.output) || deferredFor.containsKey(a.name())) {
                return null;
            }
            for (int j = 0; j < chain.nodes.size(); j++) {
                Node r = chain.nodes.get(j);
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
                && chain.nodes.stream().anyMatch(n -> n instanceof Add && n.inputs().contains(r.name()));
    }

    private DnnlTensor add(Add a, Conv branch, Map<String, Integer> readers, Map<String, String> fusedRelu) {
        if (branch == null) {
            return binaryAdd(tensors.get(a.inputs().get(0)), tensors.get(a.inputs().get(1)));
        }
        String shortcut = a.inputs().get(a.inputs().get(0).equals(branch.name()) ? 1 : 0);
        String relu = soleReluReader(a.name(), readers);
        DnnlTensor out = conv(branch, tensors.get(branch.inputs().get(0)), tensors.get(shortcut), relu != null);
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
        for (Node n : chain.nodes) {
            if (n.inputs().contains(name)) {
                return n instanceof Relu ? n.name() : null;
            }
        }
        return null;
    }

    INDArray run(INDArray x) {
        before.forEach(Runnable::run);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, outputShape);
        inputMem.set_data_handle(x.data().addressPointer());
        outputMem.set_data_handle(out.data().addressPointer());
        DnnlStep.runAll(steps, chain.runtime);
        return out;
    }

    /** conv(src) (+ bias) [+ into, as oneDNN's sum post-op] [then ReLU]; with {@code into} the result lives in its buffer. */
    private DnnlTensor conv(Conv c, DnnlTensor src, DnnlTensor into, boolean relu) {
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
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, attr, chain.runtime.engine());
        DnnlTensor in = inLayout(src, pd.src_desc());
        memory weights = parameter(c.weights(), new memory.desc(w, memory.data_type.f32, memory.format_tag.oihw),
                pd.weights_desc());
        DnnlTensor out = into != null ? into : allocate(dst, pd.dst_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        args.put(DNNL_ARG_WEIGHTS, weights);
        args.put(DNNL_ARG_DST, out.mem);
        if (biasDesc != null) {
            args.put(DNNL_ARG_BIAS, parameter(c.bias(), biasDesc, biasDesc));
        }
        add(new convolution_forward(pd), args);
        if (in != src) {
            buffers.release(in.buffer);   // the reordered copy is read by this step only
        }
        return out;
    }

    private DnnlTensor relu(DnnlTensor src, boolean inPlace) {
        eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                prop_kind.forward_inference, algorithm.eltwise_relu, src.desc, 0f, 0f), chain.runtime.engine());
        DnnlTensor out = inPlace && src.buffer != null ? src : allocate(src.dims, src.desc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        add(new eltwise_forward(pd), args);
        return out;
    }

    private DnnlTensor binaryAdd(DnnlTensor a, DnnlTensor b) {
        DnnlTensor bb = inLayout(b, a.desc);
        DnnlTensor out = allocate(a.dims, a.desc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC_0, a.mem);
        args.put(DNNL_ARG_SRC_1, bb.mem);
        args.put(DNNL_ARG_DST, out.mem);
        add(new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_add, a.desc, bb.desc, a.desc),
                chain.runtime.engine())), args);
        if (bb != b) {
            buffers.release(bb.buffer);
        }
        return out;
    }

    private DnnlTensor pool(Pool p, DnnlTensor src) {
        long[] dst = convOutput(src.dims, new long[] {src.dims[1], src.dims[1], p.kernel()[0], p.kernel()[1]},
                p.strides(), p.pad(), p.same());
        long[][] pads = pads(src.dims, dst, p.kernel(), p.strides(), p.pad(), p.same());
        pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                prop_kind.forward_inference, algorithm.pooling_max, src.desc,
                new memory.desc(dst, memory.data_type.f32, memory.format_tag.any), p.strides(), p.kernel(),
                pads[0], pads[1]), chain.runtime.engine());
        return poolStep(pd, src, dst);
    }

    /** Mean over H and W, as a 2-D [N, C] tensor (plain layout: what DL4J's global pooling gives the next layer). */
    private DnnlTensor globalAvg(DnnlTensor src) {
        long[] dst = {src.dims[0], src.dims[1], 1, 1};
        pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                prop_kind.forward_inference, algorithm.pooling_avg_exclude_padding, src.desc,
                new memory.desc(dst, memory.data_type.f32, memory.format_tag.any), new long[] {1, 1},
                new long[] {src.dims[2], src.dims[3]}, new long[] {0, 0}, new long[] {0, 0}), chain.runtime.engine());
        DnnlTensor pooled = poolStep(pd, src, dst);
        DnnlTensor plain4 = inLayout(pooled, plain(dst));
        if (plain4 != pooled) {
            buffers.release(pooled.buffer);
        }
        return plain4.flattened(chain.runtime.engine());
    }

    /** BatchNorm with the batch's statistics, which land in plan-owned arrays ({@link #batchStatistics}). */
    private DnnlTensor batchNorm(Bn b, DnnlTensor src) {
        long c = src.dims[1];
        batch_normalization_forward.primitive_desc pd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(prop_kind.forward_training, src.desc, (float) b.eps(),
                        normalization_flags.use_scale_shift), chain.runtime.engine());
        INDArray scaleShift;
        INDArray mean;
        INDArray var;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            scaleShift = Nd4j.create(DataType.FLOAT, 2, c);
            mean = Nd4j.create(DataType.FLOAT, c);
            var = Nd4j.create(DataType.FLOAT, c);
        }
        before.add(() -> {   // γ and β change every step (the key encoder's momentum update)
            scaleShift.getRow(0).assign(b.gamma().reshape(-1));
            scaleShift.getRow(1).assign(b.beta().reshape(-1));
        });
        statistics.put(b.name(), new INDArray[] {mean, var});
        memory.desc vd = new memory.desc(new long[] {c}, memory.data_type.f32, memory.format_tag.x);
        memory.desc ssd = new memory.desc(new long[] {2, c}, memory.data_type.f32, memory.format_tag.nc);
        DnnlTensor out = allocate(src.dims, pd.dst_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        args.put(DNNL_ARG_SCALE_SHIFT, keep(new memory(ssd, chain.runtime.engine(), scaleShift.data().addressPointer())));
        args.put(DNNL_ARG_MEAN, keep(new memory(vd, chain.runtime.engine(), mean.data().addressPointer())));
        args.put(DNNL_ARG_VARIANCE, keep(new memory(vd, chain.runtime.engine(), var.data().addressPointer())));
        add(new batch_normalization_forward(pd), args);
        return out;
    }

    /** A fully connected layer on a 2-D tensor: src [N, in] · W [in, out] (+ b). */
    private DnnlTensor dense(Dense d, DnnlTensor src) {
        long[] w = d.weights().shape();   // [in, out]
        long[] oi = {w[1], w[0]};
        long[] dst = {src.dims[0], w[1]};
        memory.desc biasDesc = d.bias() == null ? null
                : new memory.desc(new long[] {w[1]}, memory.data_type.f32, memory.format_tag.x);
        memory.desc wAny = new memory.desc(oi, memory.data_type.f32, memory.format_tag.any);
        memory.desc dstAny = new memory.desc(dst, memory.data_type.f32, memory.format_tag.any);
        inner_product_forward.desc desc = biasDesc == null
                ? new inner_product_forward.desc(prop_kind.forward_inference, src.desc, wAny, dstAny)
                : new inner_product_forward.desc(prop_kind.forward_inference, src.desc, wAny, biasDesc, dstAny);
        inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(desc, chain.runtime.engine());
        DnnlTensor in = inLayout(src, pd.src_desc());
        DnnlTensor out = allocate(dst, pd.dst_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        // DL4J's W is [in, out], kept column-major ('f'): as an [out, in] tensor that is row-major "oi";
        // a row-major copy is "io"
        memory.format_tag wTag = d.weights().ordering() == 'f' ? memory.format_tag.oi : memory.format_tag.io;
        args.put(DNNL_ARG_WEIGHTS, parameter(d.weights(), new memory.desc(oi, memory.data_type.f32, wTag),
                pd.weights_desc()));
        args.put(DNNL_ARG_DST, out.mem);
        if (biasDesc != null) {
            args.put(DNNL_ARG_BIAS, parameter(d.bias(), biasDesc, biasDesc));
        }
        add(new inner_product_forward(pd), args);
        if (in != src) {
            buffers.release(in.buffer);
        }
        return out;
    }

    /** Frees the plan's own native memory (not the constants it shares with other plans); it must not run again. */
    void close() {
        keepAlive.forEach(Pointer::close);
        keepAlive.clear();
        buffers.close();
    }

    /** {mean, variance} per BatchNorm vertex, written by the last run. */
    Map<String, INDArray[]> batchStatistics() {
        return statistics;
    }

    private memory keep(memory m) {
        keepAlive.add(m);
        return m;
    }

    static memory.desc plain(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, dims.length == 2 ? memory.format_tag.nc : memory.format_tag.nchw);
    }

    private DnnlTensor poolStep(pooling_forward.primitive_desc pd, DnnlTensor src, long[] dst) {
        DnnlTensor out = allocate(dst, pd.dst_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        add(new pooling_forward(pd), args);
        return out;
    }

    /** {@code t} itself when it already has layout {@code want}, else a reordered copy (a step). */
    private DnnlTensor inLayout(DnnlTensor t, memory.desc want) {
        if (t.desc.equals(want)) {
            return t;
        }
        DnnlTensor copy = allocate(t.dims, want);
        addReorder(t.mem, copy.mem);
        return copy;
    }

    /**
     * A parameter in the layout {@code want}. A live chain's parameters change between runs: their reorder
     * is a step of every run (or, when the layouts agree, the primitive reads the parameter itself).
     * Otherwise a constant, reordered once and shared by every plan that wants the same layout (plans for
     * different batch sizes usually do), so weights are held once.
     */
    private memory parameter(INDArray value, memory.desc plain, memory.desc want) {
        memory user = new memory(plain, chain.runtime.engine(), value.data().addressPointer());
        if (chain.live) {
            keepAlive.add(user);
            if (plain.equals(want)) {
                return user;
            }
            memory m = keep(new memory(want, chain.runtime.engine()));
            steps.add(0, new DnnlStep(new reorder(user, m), reorderArgs(user, m)));   // before any primitive of the run
            return m;
        }
        List<memory> copies = chain.constants.computeIfAbsent(value, v -> new ArrayList<>());
        for (memory m : copies) {
            if (m.get_desc().equals(want)) {
                return m;
            }
        }
        memory m = new memory(want, chain.runtime.engine());
        new reorder(user, m).execute(chain.runtime.stream(), reorderArgs(user, m));
        chain.runtime.stream()._wait();
        copies.add(m);
        return m;
    }

    private void addReorder(memory from, memory to) {
        add(new reorder(from, to), reorderArgs(from, to));
    }

    private void add(primitive p, IntMemoryMap args) {
        steps.add(new DnnlStep(p, args));
    }

    /** A tensor of {@code dims} in layout {@code desc}, in a free buffer large enough or a new one. */
    private DnnlTensor allocate(long[] dims, memory.desc desc) {
        return DnnlTensor.allocate(buffers, dims, desc, chain.runtime.engine());
    }

    /** The kinds of the primitives a pass runs, in order. */
    List<String> stepKinds() {
        return steps.stream().map(st -> st.prim().getClass().getSimpleName()).toList();
    }

    static IntMemoryMap reorderArgs(memory from, memory to) {
        IntMemoryMap m = new IntMemoryMap();
        m.put(DNNL_ARG_FROM, from);
        m.put(DNNL_ARG_TO, to);
        return m;
    }

    /** Output dims of a convolution or pooling window ({@code w}: [out channels, in channels, kh, kw]). */
    static long[] convOutput(long[] src, long[] w, long[] strides, long[] pad, boolean same) {
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
    static long[][] pads(long[] src, long[] dst, long[] kernel, long[] strides, long[] pad, boolean same) {
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
