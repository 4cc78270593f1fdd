package org.musicrec.describe;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.audio.FfmpegDecoder;
import org.musicrec.audio.SongChunks;
import org.musicrec.config.AudioConfig;
import org.musicrec.testing.Wav;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link LoudnessMeter} against FFmpeg's {@code ebur128} on the same 16 kHz mono signals (written as 16-bit WAV).
 * The meter is run without the down-mix correction: one channel, as FFmpeg measures a mono file.
 *
 * <p>Two references: FFmpeg at 16 kHz, whose K-weighting comes from the same prototype but keeps the RLB numerator
 * at (1, −2, 1) (+0.086 dB more pass-band gain than the 48 kHz table at 16 kHz), and FFmpeg on the signal
 * resampled to 48 kHz, which is the standard's own table.
 */
class LoudnessMatchesFfmpegTest {
    private static final int RATE = 16_000;
    /** Integrated loudness against FFmpeg at 48 kHz: the 16 kHz shelf's slope error (≤ 0.065 dB) and resampling. */
    private static final double I_TOLERANCE = 0.1;
    /** Integrated loudness against FFmpeg at 16 kHz once its RLB gain is taken out: its 0.01 LU histogram. */
    private static final double I_TOLERANCE_SAME_RATE = 0.02;
    /** Loudness range: FFmpeg takes other percentile ranks from a 0.01 LU histogram. */
    private static final double LRA_TOLERANCE = 0.1;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(LoudnessFfmpeg.available(), "no " + LoudnessFfmpeg.FFMPEG);
    }

    @Test
    void integratedLoudnessAndRangeMatchFfmpeg() throws Exception {
        Map<String, float[]> signals = new LinkedHashMap<>();
        signals.put("sine 100 Hz -20 dBFS", sine(100, -20, 20));
        signals.put("sine 1 kHz -23 dBFS", sine(1000, -23, 20));
        signals.put("sine 5 kHz -30 dBFS", sine(5000, -30, 20));
        signals.put("pink -25 dBFS", pink(-25, 20, 1));
        signals.put("loud -15 / quiet -33 halves", concat(pink(-15, 10, 2), pink(-33, 10, 3)));
        signals.put("pink -20, 1.5 s gaps", gaps(pink(-20, 24, 4), 1.5));
        signals.put("ramp -45 to -10 dB", ramp(pink(-10, 30, 5), -35));
        signals.put("pink -62 dBFS, near the gate", pink(-62, 20, 6));
        LoudnessMeter meter = new LoudnessMeter(RATE, 0.0);
        double rlbExcess = ffmpegRlbExcessDb(RATE);
        assertEquals(0.086, rlbExcess, 0.001);
        System.out.printf(Locale.ROOT, "%-30s %8s %8s %8s | %6s %6s %6s%n",
                "signal", "ours I", "ff16 I", "ff48 I", "ours L", "ff16 L", "ff48 L");
        for (var e : signals.entrySet()) {
            float[] x = asPcm16(e.getValue());
            Path wav = tmp.resolve(e.getKey().replaceAll("[^A-Za-z0-9]+", "_") + ".wav");
            Wav.write(wav, RATE, 1, x);
            Loudness ours = meter.measure(new SongAudio(new float[][]{x}, RATE));
            LoudnessFfmpeg.Result ff16 = LoudnessFfmpeg.measure(wav, "", tmp);
            LoudnessFfmpeg.Result ff48 = LoudnessFfmpeg.measure(wav, "aresample=48000", tmp);
            System.out.printf(Locale.ROOT, "%-30s %8.3f %8.3f %8.3f | %6.2f %6.2f %6.2f%n", e.getKey(),
                    ours.integratedLufs(), ff16.integrated(), ff48.integrated(),
                    ours.rangeLu(), ff16.range(), ff48.range());
            assertEquals(ff48.integrated(), ours.integratedLufs(), I_TOLERANCE, e.getKey() + ": I vs FFmpeg at 48 kHz");
            assertEquals(ff16.integrated() - rlbExcess, ours.integratedLufs(), I_TOLERANCE_SAME_RATE,
                    e.getKey() + ": I vs FFmpeg at 16 kHz less its RLB gain");
            assertEquals(ff48.range(), ours.rangeLu(), LRA_TOLERANCE, e.getKey() + ": LRA vs FFmpeg at 48 kHz");
            assertEquals(ff16.range(), ours.rangeLu(), LRA_TOLERANCE, e.getKey() + ": LRA vs FFmpeg at 16 kHz");
        }
    }

    @Test
    void silenceIsNaNWhereFfmpegReportsItsFloor() throws Exception {
        float[] x = asPcm16(pink(-85, 10, 7));
        Path wav = tmp.resolve("quiet.wav");
        Wav.write(wav, RATE, 1, x);
        LoudnessFfmpeg.Result ff = LoudnessFfmpeg.measure(wav, "", tmp);
        assertEquals(-70.0, ff.integrated(), 1e-9, "FFmpeg's 'nothing passed' value");
        assertEquals(0.0, ff.range(), 1e-9);
        Loudness ours = new LoudnessMeter(RATE).measure(new SongAudio(new float[][]{x}, RATE));
        assertTrue(Double.isNaN(ours.integratedLufs()) && Double.isNaN(ours.rangeLu()), ours.toString());
    }

    /**
     * EBU Tech 3341 test 1: a 1 kHz sine at −23.0 dBFS in both channels of a stereo file reads −23.0 LUFS. Through
     * the cache's path (project decoder, swresample down-mix M = (L + R)/√2 to 16 kHz) the one-channel loudness of M
     * is exactly the stereo loudness; the product meter adds its down-mix correction on top.
     */
    @Test
    void ebuTech3341StereoSineReadsMinus23ThroughTheCachePath() throws Exception {
        int rate = 48_000;
        double amp = Math.pow(10, -23 / 20.0);
        float[] st = new float[2 * rate * 20];
        for (int i = 0; i < st.length / 2; i++) {
            float v = (float) (amp * Math.sin(2 * Math.PI * 1000 * i / rate));
            st[2 * i] = v;
            st[2 * i + 1] = v;
        }
        Path wav = tmp.resolve("tech3341-case1.wav");
        Wav.write(wav, rate, 2, st);
        assertEquals(-23.0, LoudnessFfmpeg.measure(wav, "", tmp).integrated(), 0.05, "FFmpeg on the stereo file");

        SongChunks c = new FfmpegDecoder(new AudioConfig(RATE, 4, 30, 900), 1).decode(wav);
        SongAudio cached = SongAudio.of(c.chunks(), c.validSamples(), RATE);
        double mono = new LoudnessMeter(RATE, 0.0).measure(cached).integratedLufs();
        double product = new LoudnessMeter(RATE).measure(cached).integratedLufs();
        System.out.printf(Locale.ROOT, "Tech 3341 case 1 via the cache: one channel %.3f LUFS, product %.3f LUFS%n",
                mono, product);
        assertEquals(-23.0, mono, 0.1, "the down-mix measured as one channel");
        assertEquals(mono + LoudnessMeter.DOWNMIX_CORRECTION_DB, product, 1e-9, "the product adds its correction");
    }

    /**
     * How much more FFmpeg's K-weighting at {@code rate} passes than the 48 kHz table: its RLB numerator stays
     * (1, −2, 1) while the denominator is normalised, so its pass-band gain is a0(rate) instead of a0(48 kHz).
     */
    static double ffmpegRlbExcessDb(int rate) {
        return 20 * Math.log10(rlbA0(rate) / rlbA0(48_000));
    }

    private static double rlbA0(int rate) {
        double k = Math.tan(Math.PI * KWeighting.RLB_F0 / rate);
        return 1 + k / KWeighting.RLB_Q + k * k;
    }

    // ---- signals (16 kHz mono, amplitude in dBFS of the peak for sines, of the RMS for noise) ----

    static float[] sine(double hz, double dbfs, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        double a = Math.pow(10, dbfs / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (a * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** Pink-ish noise (Paul Kellet's economy filter on white noise) scaled to an RMS of {@code dbfs}. */
    static float[] pink(double dbfs, double seconds, long seed) {
        Random r = new Random(seed);
        double[] y = new double[(int) (seconds * RATE)];
        double b0 = 0, b1 = 0, b2 = 0;
        double ss = 0;
        for (int i = 0; i < y.length; i++) {
            double w = r.nextGaussian();
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            y[i] = b0 + b1 + b2 + w * 0.1848;
            ss += y[i] * y[i];
        }
        double g = Math.pow(10, dbfs / 20) / Math.sqrt(ss / y.length);
        float[] x = new float[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (g * y[i]);
        }
        return x;
    }

    static float[] concat(float[] a, float[] b) {
        float[] x = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, x, a.length, b.length);
        return x;
    }

    /** Zeroes alternate stretches of {@code seconds}: sound, digital silence, sound, ... */
    static float[] gaps(float[] x, double seconds) {
        int n = (int) (seconds * RATE);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            if ((i / n) % 2 == 1) {
                y[i] = 0;
            }
        }
        return y;
    }

    /** A gain ramp in dB from {@code fromDb} at the start to 0 at the end. */
    static float[] ramp(float[] x, double fromDb) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (x[i] * Math.pow(10, fromDb * (1 - i / (double) y.length) / 20));
        }
        return y;
    }

    /** The samples FFmpeg reads back from the 16-bit WAV: {@link Wav} writes round(v·32767), FFmpeg reads s/32768. */
    static float[] asPcm16(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Wav.toPcm(x[i]) / 32768f;
        }
        return y;
    }
}
