package org.musicrec.model;

import org.bytedeco.javacpp.BytePointer;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory behind one oneDNN plan's tensors: 64-byte-aligned buffers, handed out best-fit from those
 * released, a new one when none fits. A plan is built once and run many times in the same order, so a
 * buffer released while the plan is built (its last reader's step is already in the plan) can serve a
 * later step of the same run. Native memory is freed only by {@link #close}.
 */
final class DnnlBufferPool {
    /** A buffer: its aligned start and usable size in bytes. */
    record Buffer(BytePointer memory, long bytes) {
    }

    private final List<Buffer> free = new ArrayList<>();
    private final List<BytePointer> owned = new ArrayList<>();

    /** The smallest released buffer of at least {@code bytes}, or a new one. */
    Buffer take(long bytes) {
        Buffer best = null;
        for (Buffer b : free) {
            if (b.bytes() >= bytes && (best == null || b.bytes() < best.bytes())) {
                best = b;
            }
        }
        if (best != null) {
            free.remove(best);
            return best;
        }
        BytePointer raw = new BytePointer(bytes + DnnlRuntime.ALIGNMENT);
        owned.add(raw);
        return new Buffer(DnnlRuntime.aligned(raw), bytes);
    }

    /** {@code b} may serve steps added from now on. */
    void release(Buffer b) {
        free.add(b);
    }

    /** Frees every buffer; the plan using them must not run again. */
    void close() {
        owned.forEach(BytePointer::close);
        owned.clear();
        free.clear();
    }
}
