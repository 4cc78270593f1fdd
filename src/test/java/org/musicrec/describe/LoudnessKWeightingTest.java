package org.musicrec.describe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link KWeighting} against ITU-R BS.1770-4 Annex 1, tables 1 and 2 (the 48 kHz coefficients). */
class LoudnessKWeightingTest {
    /** BS.1770-4 table 1: stage 1 pre-filter at 48 kHz. */
    private static final KWeighting.Biquad TABLE_1 = new KWeighting.Biquad(
            1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585);
    /** BS.1770-4 table 2: stage 2 RLB filter at 48 kHz. */
    private static final KWeighting.Biquad TABLE_2 = new KWeighting.Biquad(
            1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621);

    @Test
    void designedAt48kHzGivesTheStandardsCoefficients() {
        KWeighting k = KWeighting.design(48_000);
        assertBiquad(TABLE_1, k.shelf(), 1e-8);
        assertBiquad(TABLE_2, k.highPass(), 1e-8);
    }

    @Test
    void oneKilohertzIsLiftedByTheStandardsOffset() {
        // BS.1770's −0.691 dB cancels the K-weighting gain at 997 Hz (EBU Tech 3341's test tone); at 1 kHz it is 0.698.
        assertEquals(0.691, db(standardGain(997)), 0.0005);
        assertEquals(0.691, db(KWeighting.design(48_000).powerGain(997)), 0.0005);
    }

    @Test
    void responseAt16kHzFollowsThe48kHzStandard() {
        KWeighting k16 = KWeighting.design(16_000);
        double[] freqs = {20, 40, 60, 100, 200, 500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 7000};
        for (double f : freqs) {
            double want = db(standardGain(f));
            // Pre-warping pins the shelf's centre; the bilinear transform bends its slope a little elsewhere
            // (measured: −0.046 dB at 1 kHz, +0.061 dB at 3 kHz, under 0.001 dB below 200 Hz).
            assertEquals(want, db(k16.powerGain(f)), f < 300 ? 0.001 : 0.07, f + " Hz at 16 kHz");
        }
    }

    @Test
    void responseAt441kHzMatchesThe48kHzStandard() {
        KWeighting k = KWeighting.design(44_100);
        for (double f : new double[]{30, 100, 1000, 3000, 8000, 12000, 16000}) {
            assertEquals(db(standardGain(f)), db(k.powerGain(f)), 0.02, f + " Hz at 44.1 kHz");
        }
    }

    @Test
    void rlbPassBandGainIsThe48kHzOneAtEveryRate() {
        // libebur128 and FFmpeg keep the RLB numerator at (1, −2, 1) at every rate; this design keeps its gain.
        // The 48 kHz table's gain at Nyquist is +0.043 dB; libebur128's (1, −2, 1) would give +0.129 dB at 16 kHz.
        double want = TABLE_2.powerGain(24_000, 48_000);
        assertEquals(0.0432, db(want), 0.0001);
        for (int rate : new int[]{8_000, 16_000, 22_050, 44_100, 96_000}) {
            KWeighting.Biquad hp = KWeighting.design(rate).highPass();
            assertEquals(db(want), db(hp.powerGain(rate / 2.0, rate)), 1e-9, rate + " Hz");
        }
    }

    @Test
    void hopEnergiesOfASineAreItsWeightedPower() {
        int rate = 16_000;
        float[] x = new float[rate * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / rate));
        }
        KWeighting k = KWeighting.design(rate);
        double[] e = k.hopEnergies(x, 1600);
        assertEquals(20, e.length);
        double want = 0.125 * k.powerGain(1000) * 1600;   // mean square 0.5²/2 × gain, summed over a hop
        for (int j = 1; j < e.length; j++) {
            assertEquals(want, e[j], want * 1e-3, "hop " + j);
        }
        assertEquals(1, k.hopEnergies(new float[1601], 1600).length, "a trailing partial hop is dropped");
    }

    @Test
    void ratesTooLowForTheShelfAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KWeighting.design(3_000));
    }

    private static double standardGain(double f) {
        return TABLE_1.powerGain(f, 48_000) * TABLE_2.powerGain(f, 48_000);
    }

    private static double db(double power) {
        return 10 * Math.log10(power);
    }

    private static void assertBiquad(KWeighting.Biquad want, KWeighting.Biquad got, double tol) {
        assertEquals(want.b0(), got.b0(), tol, "b0");
        assertEquals(want.b1(), got.b1(), tol, "b1");
        assertEquals(want.b2(), got.b2(), tol, "b2");
        assertEquals(want.a1(), got.a1(), tol, "a1");
        assertEquals(want.a2(), got.a2(), tol, "a2");
    }
}
