package org.musicrec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MicroBatchesTest {
    @Test
    void slicesCoverTheBatchInOrderWithNearEqualSizes() {
        assertEquals(List.of(new MicroBatches.Slice(0, 32), new MicroBatches.Slice(32, 64),
                new MicroBatches.Slice(64, 96), new MicroBatches.Slice(96, 128)), MicroBatches.split(128, 32));
        assertEquals(List.of(new MicroBatches.Slice(0, 3), new MicroBatches.Slice(3, 7)), MicroBatches.split(7, 4));
        assertEquals(List.of(new MicroBatches.Slice(0, 16)), MicroBatches.split(16, 32));
        assertThrows(IllegalArgumentException.class, () -> MicroBatches.split(16, 0));
    }

    @Test
    void aSliceIsACompactCopyOfItsRowsAndTheWholeBatchIsItself() {
        var a = Nd4j.arange(24).reshape(4, 1, 2, 3);
        var s = new MicroBatches.Slice(1, 3).of(a);
        assertEquals(0, s.offset());
        assertEquals(a.getScalar(1, 0, 1, 2).getDouble(0), s.getDouble(0, 0, 1, 2));
        assertEquals(a.getScalar(2, 0, 0, 0).getDouble(0), s.getDouble(1, 0, 0, 0));
        assertSame(a, new MicroBatches.Slice(0, 4).of(a));
    }
}
