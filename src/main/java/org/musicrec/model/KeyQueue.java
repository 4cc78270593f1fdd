package org.musicrec.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MoCo's queue of negatives: a {@code [K, D]} ring buffer of L2-normalised keys and a write
 * pointer. Each step overwrites the oldest batch of keys ({@code _dequeue_and_enqueue}).
 *
 * <p>Invariant: {@code K % batch == 0} for every enqueued batch, so a batch never straddles the
 * end of the buffer and the pointer is always a multiple of the batch size. Starts from random
 * normalised rows, as MoCo does. {@link #array()} and {@link #pointer()} are the checkpoint state;
 * {@link #restore} puts it back.
 */
public final class KeyQueue {
    private final INDArray queue;   // queue: K x D
    private int pointer;

    /** A queue of {@code size} random unit vectors of dimension {@code dim}. */
    public KeyQueue(int size, int dim, long seed, DataType type) {
        if (size <= 0 || dim <= 0) {
            throw new IllegalArgumentException("queue size and dim must be positive, got " + size + " x " + dim);
        }
        INDArray init = Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(new long[] {size, dim});
        this.queue = InfoNce.normalizeRows(init.castTo(type));
        this.pointer = 0;
    }

    /** Writes {@code keys} ({@code [N, D]}, already normalised) over the oldest N entries. */
    public void enqueue(INDArray keys) {
        long n = keys.size(0);
        if (keys.rank() != 2 || keys.size(1) != queue.size(1)) {
            throw new IllegalArgumentException("keys must be [N, " + queue.size(1) + "], got "
                    + java.util.Arrays.toString(keys.shape()));
        }
        if (n == 0 || queue.size(0) % n != 0) {
            throw new IllegalArgumentException("queue size " + queue.size(0) + " must be a multiple of the batch size "
                    + n + " (a batch may not wrap around the ring buffer)");
        }
        queue.get(NDArrayIndex.interval(pointer, pointer + n), NDArrayIndex.all()).assign(keys);
        pointer = (int) ((pointer + n) % queue.size(0));
    }

    /** The live {@code [K, D]} buffer (not a copy): the negatives for InfoNCE and checkpoint state. */
    public INDArray array() {
        return queue;
    }

    /** Row the next batch will be written to. */
    public int pointer() {
        return pointer;
    }

    public int size() {
        return (int) queue.size(0);
    }

    /** Restores checkpointed state ({@code [K, D]} contents and pointer). */
    public void restore(INDArray contents, int pointer) {
        if (!java.util.Arrays.equals(contents.shape(), queue.shape())) {
            throw new IllegalArgumentException("checkpointed queue is " + java.util.Arrays.toString(contents.shape())
                    + ", expected " + java.util.Arrays.toString(queue.shape()));
        }
        if (pointer < 0 || pointer >= queue.size(0)) {
            throw new IllegalArgumentException("checkpointed queue pointer " + pointer + " out of range");
        }
        queue.assign(contents);
        this.pointer = pointer;
    }
}
