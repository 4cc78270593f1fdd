package org.musicrec.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/** Cuts a batch of {@code n} rows into the fewest near-equal contiguous slices of at most {@code max} rows. */
public final class MicroBatches {
    private MicroBatches() {
    }

    /** Rows {@code [from, to)} of a batch. */
    public record Slice(long from, long to) {
        public long size() {
            return to - from;
        }

        /** This slice of {@code a} along dimension 0 (a view when the slice is the whole array). */
        public INDArray of(INDArray a) {
            if (from == 0 && to == a.size(0)) {
                return a;
            }
            var all = new org.nd4j.linalg.indexing.INDArrayIndex[a.rank()];
            all[0] = NDArrayIndex.interval(from, to);
            for (int d = 1; d < all.length; d++) {
                all[d] = NDArrayIndex.all();
            }
            // A compact copy: DL4J's layers expect c-ordered, offset-0 inputs.
            return a.get(all).dup('c');
        }
    }

    public static List<Slice> split(long n, int max) {
        if (n <= 0 || max <= 0) {
            throw new IllegalArgumentException("batch " + n + " and micro-batch " + max + " must be positive");
        }
        int parts = (int) ((n + max - 1) / max);
        List<Slice> out = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            out.add(new Slice(n * i / parts, n * (i + 1) / parts));
        }
        return out;
    }
}
