package org.musicrec.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.musicrec.dsp.CqtParams.Algorithm;

class CqtParamsTest {
    @Test
    void defaultsMatchTheReference() {
        CqtParams p = CqtParams.DEFAULTS;
        assertEquals(17.3316, p.q(), 1e-4);                     // librosa's Q, README "Q"
        assertEquals(8480.3, p.kernelLength(0), 0.1);
        assertEquals(70.2, p.kernelLength(83), 0.1);
        assertEquals(3950.68, p.frequency(83), 0.01);
        assertEquals(313, p.frames(160000));
        assertEquals(7, p.octaves());
        assertEquals(6, p.level(0));
        assertEquals(0, p.level(83));
        assertEquals(5, p.level(12));
    }

    @Test
    void levelStopsWhenHopIsOdd() {
        CqtParams p = new CqtParams(16000, 84, 12, 32.7, 12, Algorithm.MULTIRATE);   // 12 = 4 * 3
        assertEquals(2, p.level(0));
    }

    @Test
    void invalidValuesAreRejectedWithTheSetting() {
        assertMessage(() -> new CqtParams(0, 84, 12, 32.7, 512, Algorithm.DIRECT), "sample rate");
        assertMessage(() -> new CqtParams(16000, 0, 12, 32.7, 512, Algorithm.DIRECT), "n_bins");
        assertMessage(() -> new CqtParams(16000, 84, 0, 32.7, 512, Algorithm.DIRECT), "bins_per_octave");
        assertMessage(() -> new CqtParams(16000, 84, 12, -1, 512, Algorithm.DIRECT), "fmin");
        assertMessage(() -> new CqtParams(16000, 84, 12, Double.NaN, 512, Algorithm.DIRECT), "fmin");
        assertMessage(() -> new CqtParams(16000, 84, 12, 32.7, 0, Algorithm.DIRECT), "hop_length");
        assertMessage(() -> new CqtParams(16000, 84, 12, 32.7, 512, null), "algorithm");
        assertMessage(() -> new CqtParams(16000, 96, 12, 32.7, 512, Algorithm.DIRECT), "Nyquist");
    }

    @Test
    void algorithmParses() {
        assertEquals(Algorithm.DIRECT, Algorithm.parse("direct"));
        assertEquals(Algorithm.MULTIRATE, Algorithm.parse(" MultiRate "));
        assertMessage(() -> Algorithm.parse("fft"), "direct");
        assertEquals("multirate", Algorithm.MULTIRATE.configName());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
