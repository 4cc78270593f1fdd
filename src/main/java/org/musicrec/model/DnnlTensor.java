package org.musicrec.model;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;

/**
 * A tensor of a oneDNN plan ({@link DnnlChainPlan}, {@link DnnlTrainingPlan}): its dims, its layout, its memory
 * and the pool buffer behind it (null: memory the plan does not own, such as the caller's arrays).
 */
final class DnnlTensor {
    final long[] dims;
    final memory.desc desc;
    final memory mem;
    final DnnlBufferPool.Buffer buffer;
    /**
     * References the plan has yet to drop: vertex names with readers to come (inference chain), holders of a
     * gradient (training pass). The buffer goes back to the pool when the last one is dropped.
     */
    int refs;

    DnnlTensor(long[] dims, memory.desc desc, memory mem, DnnlBufferPool.Buffer buffer) {
        this.dims = dims;
        this.desc = desc;
        this.mem = mem;
        this.buffer = buffer;
    }

    /** A tensor of {@code dims} in layout {@code desc}, in a buffer from {@code pool}. */
    static DnnlTensor allocate(DnnlBufferPool pool, long[] dims, memory.desc desc, engine engine) {
        DnnlBufferPool.Buffer b = pool.take(desc.get_size());
        return new DnnlTensor(dims, desc, new memory(desc, engine, b.memory()), b);
    }

    /** This plain [N, C, 1, 1] tensor as the [N, C] one DL4J's global pooling hands on (the same buffer). */
    DnnlTensor flattened(engine engine) {
        long[] flat = {dims[0], dims[1]};
        memory.desc nc = DnnlChainPlan.plain(flat);
        return new DnnlTensor(flat, nc, new memory(nc, engine, buffer.memory()), buffer);
    }

    /** Drops one reference; with none left, a plan-owned buffer returns to {@code pool}. */
    void release(DnnlBufferPool pool) {
        if (--refs == 0 && buffer != null) {
            pool.release(buffer);
        }
    }
}
