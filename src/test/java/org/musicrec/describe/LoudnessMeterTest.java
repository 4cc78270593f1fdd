package org.musicrec.describe;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LoudnessMeter} on edge cases, chunk joins and its cost. */
class LoudnessMeterTest {
    private static final int RATE = 16_000;
    private final LoudnessMeter meter = new LoudnessMeter(RATE);
    private final LoudnessMeter oneChannel = new LoudnessMeter(RATE, 0.0);

    @Test
    void emptyAudioIsNaN() {
        assertNaN(meter.measure(new SongAudio(new float[0][], RATE)), true, true);
        assertNaN(meter.measure(new SongAudio(new float[][]{{}, {}, {}, {}}, RATE)), true, true);
    }

    @Test
    void shorterThanOneBlockIsNaN() {
        float[] x = LoudnessMatchesFfmpegTest.sine(1000, -10, 0.2);
        assertNaN(meter.measure(new SongAudio(new float[][]{x, x, x, x}, RATE)), true, true);
        // 399 ms is still short of a 400 ms block; 400 ms is one.
        assertNaN(meter.measure(audio(LoudnessMatchesFfmpegTest.sine(1000, -10, 0.399))), true, true);
        assertNaN(meter.measure(audio(LoudnessMatchesFfmpegTest.sine(1000, -10, 0.4))), false, true);
    }

    @Test
    void rangeNeedsTwoShortTermWindows() {
        // 3.0 s is one 3 s window (NaN), 3.1 s two (a steady tone: 0 LU).
        assertNaN(meter.measure(audio(LoudnessMatchesFfmpegTest.sine(1000, -20, 3.0))), false, true);
        Loudness two = meter.measure(audio(LoudnessMatchesFfmpegTest.sine(1000, -20, 3.1)));
        assertEquals(0.0, two.rangeLu(), 0.01);
    }

    @Test
    void silenceIsNaN() {
        float[][] c = new float[4][30 * RATE];
        assertNaN(meter.measure(new SongAudio(c, RATE)), true, true);
        // Below the −70 LUFS absolute gate is silence too.
        float[] quiet = LoudnessMatchesFfmpegTest.sine(1000, -80, 30);
        assertNaN(meter.measure(new SongAudio(new float[][]{quiet, quiet}, RATE)), true, true);
    }

    @Test
    void dcOffsetIsRemovedByTheHighPass() {
        float[] dc = new float[30 * RATE];
        Arrays.fill(dc, 0.5f);
        Loudness l = oneChannel.measure(new SongAudio(new float[][]{dc, dc}, RATE));
        // Only the RLB high-pass's step response at each chunk start (a few ms) passes the gates: a finite,
        // quiet reading, and a single short-term window per chunk, all but equal: a range of 0.
        assertTrue(l.integratedLufs() < -20 && l.integratedLufs() > -60, l.toString());
        assertEquals(0.0, l.rangeLu(), 1e-9);
        // DC on top of a tone changes nothing beyond that transient.
        float[] tone = LoudnessMatchesFfmpegTest.sine(1000, -20, 30);
        float[] both = tone.clone();
        for (int i = 0; i < both.length; i++) {
            both[i] += 0.5f;
        }
        assertEquals(oneChannel.measure(audio(tone)).integratedLufs(),
                oneChannel.measure(audio(both)).integratedLufs(), 0.01);
    }

    @Test
    void fullScaleSquareWaveIsFinite() {
        float[] sq = new float[30 * RATE];
        for (int i = 0; i < sq.length; i++) {
            sq[i] = (i / 8) % 2 == 0 ? 1f : -1f;   // 1 kHz at 16 kHz
        }
        Loudness l = oneChannel.measure(new SongAudio(new float[][]{sq, sq, sq, sq}, RATE));
        // Mean square 1 (0 dB), K-weighted: 81 % of its power at 1 kHz (+0.70 dB), the odd harmonics +3.8 to +4 dB.
        assertTrue(l.integratedLufs() > 0 && l.integratedLufs() < 3, l.toString());
        assertEquals(0.0, l.rangeLu(), 1e-6);
    }

    @Test
    void unevenAndEmptyChunksArePooled() {
        float[] a = LoudnessMatchesFfmpegTest.pink(-20, 10, 1);
        float[] b = LoudnessMatchesFfmpegTest.pink(-20, 2.5, 2);
        Loudness l = meter.measure(new SongAudio(new float[][]{a, {}, b, new float[100]}, RATE));
        assertFalse(Double.isNaN(l.integratedLufs()) || Double.isInfinite(l.integratedLufs()), l.toString());
        assertFalse(Double.isNaN(l.rangeLu()) || Double.isInfinite(l.rangeLu()), l.toString());
    }

    @Test
    void noBlockSpansTheJoinBetweenChunks() {
        // A loud and a quiet chunk: if blocks ran across the join, the blocks there (part loud, part quiet) would
        // pass both gates and depend on the order; pooled per chunk, order cannot matter and no value lies between.
        float[] loud = LoudnessMatchesFfmpegTest.pink(-12, 10, 3);
        float[] quiet = LoudnessMatchesFfmpegTest.pink(-40, 10, 4);
        Loudness lq = oneChannel.measure(new SongAudio(new float[][]{loud, quiet}, RATE));
        Loudness ql = oneChannel.measure(new SongAudio(new float[][]{quiet, loud}, RATE));
        assertEquals(lq.integratedLufs(), ql.integratedLufs(), 1e-9);
        assertEquals(lq.rangeLu(), ql.rangeLu(), 1e-9);
        // The quiet chunk is 28 LU down: gated out of I, so I is the loud chunk's alone.
        assertEquals(oneChannel.measure(audio(loud)).integratedLufs(), lq.integratedLufs(), 1e-9);
        // Joined into one signal, windows straddle the step and the range fills in between the two levels.
        float[] joined = LoudnessMatchesFfmpegTest.concat(loud, quiet);
        assertFalse(Math.abs(oneChannel.measure(audio(joined)).rangeLu() - lq.rangeLu()) < 1e-6);
    }

    @Test
    void downmixCorrectionShiftsLoudnessNotRange() {
        float[] x = LoudnessMatchesFfmpegTest.ramp(LoudnessMatchesFfmpegTest.pink(-15, 20, 5), -20);
        Loudness plain = oneChannel.measure(audio(x));
        Loudness product = meter.measure(audio(x));
        assertEquals(plain.integratedLufs() + LoudnessMeter.DOWNMIX_CORRECTION_DB, product.integratedLufs(), 1e-9);
        assertEquals(plain.rangeLu(), product.rangeLu(), 1e-9);
    }

    @Test
    void audioAtAnotherRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> meter.measure(new SongAudio(new float[][]{{0f}}, 44_100)));
    }

    @Test
    void aSongOfFourThirtySecondChunksTakesMilliseconds() {
        float[][] c = new float[4][];
        for (int i = 0; i < 4; i++) {
            c[i] = LoudnessMatchesFfmpegTest.pink(-20, 30, 10 + i);
        }
        SongAudio song = new SongAudio(c, RATE);
        for (int i = 0; i < 20; i++) {
            meter.measure(song);   // warm-up: let the JIT compile the filter loop
        }
        int runs = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            meter.measure(song);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / runs;
        System.out.printf(Locale.ROOT, "LoudnessMeter: %.1f ms per song of 4 x 30 s at 16 kHz%n", ms);
        // The target is < 20 ms; the bound leaves room for a loaded CI machine.
        assertTrue(ms < 60, ms + " ms per song");
    }

    private static SongAudio audio(float[] x) {
        return new SongAudio(new float[][]{x}, RATE);
    }

    /** Asserts which fields are NaN, and that none is infinite. */
    private static void assertNaN(Loudness l, boolean integratedNaN, boolean rangeNaN) {
        assertEquals(integratedNaN, Double.isNaN(l.integratedLufs()), "integrated: " + l);
        assertEquals(rangeNaN, Double.isNaN(l.rangeLu()), "range: " + l);
        assertFalse(Double.isInfinite(l.integratedLufs()) || Double.isInfinite(l.rangeLu()), l.toString());
    }
}
