package org.musicrec.model;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.util.EnumMap;
import java.util.Map;

/**
 * One oneDNN CPU engine and stream, and the scratch buffers that hold tensors in the blocked layouts
 * oneDNN's primitives prefer, shared by every {@link DnnlConvHelper} of the graphs it was made for.
 *
 * <p>Scratch is shared, not per layer, because a graph runs one layer at a time: a blocked copy lives
 * only while its primitive executes, so one grow-only buffer per {@link Role} is enough, and memory
 * stays at the largest layer's need instead of the sum over layers (ResNet-50 at batch 16 would
 * otherwise hold a second copy of its activations). Not thread-safe: like a DL4J graph itself, it
 * is used from one thread at a time.
 */
final class DnnlRuntime {
    /** What a scratch buffer holds; a primitive never needs two buffers of the same role at once. */
    enum Role { SRC, WEIGHTS, DST, DIFF_DST, DIFF_SRC, DIFF_WEIGHTS, SRC_FOR_WEIGHTS, DIFF_DST_FOR_WEIGHTS }

    private final engine engine;
    private final stream stream;
    private final Map<Role, BytePointer> scratch = new EnumMap<>(Role.class);

    private DnnlRuntime(engine engine, stream stream) {
        this.engine = engine;
        this.stream = stream;
    }

    /**
     * A runtime on the CPU, or null when switched off ({@value DnnlConvHelper#PROPERTY}{@code =false}), when
     * ND4J's backend is not the CPU one (CUDA arrays live on the GPU) or JavaCPP cannot load oneDNN here:
     * then DL4J's path stays.
     */
    static DnnlRuntime create() {
        if ("false".equalsIgnoreCase(System.getProperty(DnnlConvHelper.PROPERTY))
                || !org.nd4j.linalg.factory.Nd4j.getEnvironment().isCPU()) {
            return null;
        }
        try {
            engine e = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
            return new DnnlRuntime(e, new stream(e));
        } catch (Throwable t) {   // UnsatisfiedLinkError, or a dnnl error on an unsupported CPU
            return null;
        }
    }

    engine engine() {
        return engine;
    }

    stream stream() {
        return stream;
    }

    /** A buffer of at least {@code bytes} for {@code role}; grows (and replaces the old one) when too small. */
    Pointer scratch(Role role, long bytes) {
        BytePointer p = scratch.get(role);
        if (p == null || p.capacity() < bytes + ALIGNMENT) {
            if (p != null) {
                p.close();
            }
            p = new BytePointer(bytes + ALIGNMENT);
            scratch.put(role, p);
        }
        return aligned(p);
    }

    /** 64 bytes: what oneDNN's AVX-512 kernels want; JavaCPP's malloc gives 16. Allocate this much extra. */
    static final long ALIGNMENT = 64;

    /** The first 64-byte-aligned address of {@code raw} (allocated {@link #ALIGNMENT} bytes larger than needed). */
    static BytePointer aligned(BytePointer raw) {
        long skip = (ALIGNMENT - raw.address() % ALIGNMENT) % ALIGNMENT;
        return new BytePointer(raw).position(skip);
    }
}
