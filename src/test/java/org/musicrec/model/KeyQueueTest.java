package org.musicrec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyQueueTest {
    private static INDArray batch(double value) {
        return Nd4j.valueArrayOf(new long[] {2, 3}, value, DataType.FLOAT);
    }

    @Test
    void startsWithUnitRows() {
        KeyQueue q = new KeyQueue(8, 3, 42, DataType.FLOAT);
        INDArray norms = q.array().norm2(1);
        assertEquals(1.0, norms.minNumber().doubleValue(), 1e-5);
        assertEquals(1.0, norms.maxNumber().doubleValue(), 1e-5);
    }

    @Test
    void enqueueOverwritesTheOldestBatchAndWraps() {
        KeyQueue q = new KeyQueue(6, 3, 42, DataType.FLOAT);
        q.enqueue(batch(1));
        q.enqueue(batch(2));
        assertEquals(4, q.pointer());
        q.enqueue(batch(3));
        assertEquals(0, q.pointer());            // wrapped
        q.enqueue(batch(4));                     // overwrites the oldest: rows 0-1
        assertEquals(2, q.pointer());
        double[] rowValues = {4, 4, 2, 2, 3, 3};
        for (int r = 0; r < 6; r++) {
            assertTrue(q.array().getRow(r).eq(rowValues[r]).all(), "row " + r + ": " + q.array().getRow(r));
        }
    }

    @Test
    void batchMustDivideTheQueue() {
        KeyQueue q = new KeyQueue(8, 3, 42, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.enqueue(Nd4j.zeros(DataType.FLOAT, 3, 3)));
        assertTrue(e.getMessage().contains("multiple of the batch size 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.enqueue(Nd4j.zeros(DataType.FLOAT, 2, 4)));
    }

    @Test
    void stateRestores() {
        KeyQueue a = new KeyQueue(4, 3, 1, DataType.FLOAT);
        a.enqueue(batch(7));
        KeyQueue b = new KeyQueue(4, 3, 2, DataType.FLOAT);
        b.restore(a.array().dup(), a.pointer());
        assertEquals(a.array(), b.array());
        assertEquals(2, b.pointer());
    }
}
