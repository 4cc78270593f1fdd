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
     * A runtime on the CPU, or null when ND4J's backend is not the CPU one (CUDA arrays live on the GPU)
     * or JavaCPP cannot load oneDNN here: then DL4J's path stays.
     */
    static DnnlRuntime create() {
        if (!org.nd4j.linalg.factory.Nd4j.getEnvironment().isCPU()) {
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
        if (p == null || p.capacity() < bytes) {
            if (p != null) {
                p.close();
            }
            // 64-byte alignment is what oneDNN's AVX-512 kernels want; JavaCPP's malloc gives 16.
            p = new BytePointer(bytes + 64);
            scratch.put(role, p);
        }
        long skip = (64 - p.address() % 64) % 64;
        return new BytePointer(p).position(skip);
    }
}
