package org.musicrec.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CqtPostprocessTest {
    @Test
    void logThenMinMaxPerSample() {
        INDArray mag = Nd4j.createFromArray(new float[][][] {
            {{0f, 1f}, {10f, 100f}},
            {{2f, 2f}, {2f, 2f}}}).castTo(DataType.FLOAT);
        INDArray copy = mag.dup();
        INDArray y = CqtPostprocess.logMinMax(mag);
        assertEquals(copy, mag, "input untouched");
        assertArrayEquals(mag.shape(), y.shape());
        // Sample 0: log(x + 1e-9) spans [log 1e-9, log 100].
        double lo = Math.log(1e-9);
        double hi = Math.log(100 + 1e-9);
        assertEquals(0.0, y.getDouble(0, 0, 0), 1e-6);
        assertEquals(1.0, y.getDouble(0, 1, 1), 1e-6);
        assertEquals((Math.log(1 + 1e-9) - lo) / (hi - lo), y.getDouble(0, 0, 1), 1e-5);
        assertEquals((Math.log(10) - lo) / (hi - lo), y.getDouble(0, 1, 0), 1e-5);
        // Sample 1 is constant: zeros, not NaN.
        assertEquals(0.0, y.slice(1).maxNumber().doubleValue());
        assertEquals(0.0, y.slice(1).minNumber().doubleValue());
    }
}
