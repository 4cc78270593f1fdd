package org.musicrec.describe;

import java.util.Random;

/** Test signals for the rhythm descriptors, synthesised here so each test knows its truth. */
final class RhythmTestAudio {
    static final int RATE = DemoAudio.RATE;

    private RhythmTestAudio() {
    }

    /** How each beat sounds. */
    enum Beat {
        /** A 5 ms-decay noise click, as a metronome. */
        CLICK,
        /** A kick-like blip: a sine sweeping 150 → 50 Hz with an 80 ms decay. */
        KICK
    }

    /**
     * A beat every 60 / bpm s for {@code seconds}, first beat at {@code offset} s; with {@code accents} every
     * fourth beat (the bar head of 4/4) is at full level and the others at half.
     */
    static float[] beats(double bpm, double seconds, Beat beat, boolean accents, double offset, long seed) {
        float[] x = new float[(int) Math.round(seconds * RATE)];
        Random r = new Random(seed);
        double period = 60.0 / bpm;
        int i = 0;
        for (double t = offset; t < seconds; t += period, i++) {
            double gain = !accents || i % 4 == 0 ? 0.8 : 0.4;
            int at = (int) Math.round(t * RATE);
            if (beat == Beat.CLICK) {
                click(x, at, gain, r);
            } else {
                kick(x, at, gain);
            }
        }
        return x;
    }

    private static void click(float[] x, int at, double gain, Random r) {
        int len = (int) (0.03 * RATE);
        for (int n = 0; n < len && at + n < x.length; n++) {
            x[at + n] += (float) (gain * Math.exp(-n / (0.005 * RATE)) * (2 * r.nextDouble() - 1));
        }
    }

    private static void kick(float[] x, int at, double gain) {
        int len = (int) (0.3 * RATE);
        double phase = 0;
        for (int n = 0; n < len && at + n < x.length; n++) {
            double t = (double) n / RATE;
            double f = 50 + 100 * Math.exp(-t / 0.03);
            phase += 2 * Math.PI * f / RATE;
            x[at + n] += (float) (gain * Math.exp(-t / 0.08) * Math.sin(phase));
        }
    }

    /** Uniform white noise at the given peak level. */
    static float[] noise(double seconds, double level, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (level * (2 * r.nextDouble() - 1));
        }
        return x;
    }

    /** A signal as the cache would keep it: 4 evenly spaced chunks of at most 30 s. */
    static SongAudio song(float[] x) {
        return DemoAudio.chunks(x, RATE);
    }

    /** Both tempi within {@code tolerance} (relative) of each other. */
    static boolean near(double bpm, double truth, double tolerance) {
        return Math.abs(bpm - truth) <= tolerance * truth;
    }
}
