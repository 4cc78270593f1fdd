package org.musicrec.demo;

import java.util.SplittableRandom;

/**
 * Note-level synthesis: each method adds one note or drum hit into a mono bus starting at sample
 * {@code start}, clipped to the bus. Stateless and allocation-light (only Karplus–Strong needs a
 * delay line), so songs render in parallel; randomness comes only from the caller's generator.
 *
 * <p>Methods are deliberately simple textbook designs (pitch-swept sine kick, filtered noise snare
 * and hats, Karplus–Strong strings, FM electric piano, detuned saw pads) — the point is that the
 * categories differ audibly and measurably, not realism.
 */
final class Instruments {
    private static final int TABLE_BITS = 12;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    /** One sine cycle; written once in the static initialiser and never changed. */
    private static final float[] SINE = new float[TABLE_SIZE + 1];

    static {
        for (int i = 0; i <= TABLE_SIZE; i++) {
            SINE[i] = (float) Math.sin(2 * Math.PI * i / TABLE_SIZE);
        }
    }

    private Instruments() {
    }

    /** sin(2π·phase) from a table with linear interpolation; Math.sin would dominate render time. */
    static double sin(double phase) {
        double p = (phase - Math.floor(phase)) * TABLE_SIZE;
        int i = (int) p;
        double f = p - i;
        return SINE[i] + f * (SINE[i + 1] - SINE[i]);
    }

    static double midiToHz(double midi) {
        return 440.0 * Math.pow(2, (midi - 69) / 12.0);
    }

    /** Coefficient of a one-pole low-pass with cut-off {@code hz}: y += a·(x − y). */
    static double onePole(double hz, int sr) {
        return 1 - Math.exp(-2 * Math.PI * Math.min(hz, sr * 0.45) / sr);
    }

    /** Per-sample multiplier of an exponential decay with time constant {@code tauSec}. */
    static double decay(double tauSec, int sr) {
        return Math.exp(-1.0 / (tauSec * sr));
    }

    /** Cheap one-pole coefficient for cut-offs that change every sample (fc ≪ sr). */
    private static double fastPole(double hz, int sr) {
        return Math.min(1.0, 2 * Math.PI * hz / sr);
    }

    // ---------------------------------------------------------------- drums

    /** Bass drum: sine whose pitch falls from ~3× to {@code pitch} Hz in 30 ms. */
    static void kick(float[] bus, int start, int sr, double gain, double pitch, double decaySec) {
        int n = Math.min((int) (decaySec * 5 * sr), bus.length - start);
        double phase = 0;
        double sweep = 1;
        double kSweep = decay(0.03, sr);
        double amp = 1;
        double kAmp = decay(decaySec, sr);
        int attack = Math.max(1, (int) (0.002 * sr));
        for (int i = 0; i < n; i++) {
            phase += (pitch + 2 * pitch * sweep) / sr;
            sweep *= kSweep;
            double a = amp * Math.min(1, (double) i / attack);
            amp *= kAmp;
            bus[start + i] += (float) (gain * a * sin(phase));
        }
    }

    /** Snare: high-passed noise burst plus a 190 Hz body tone. */
    static void snare(float[] bus, int start, int sr, double gain, double brightness, SplittableRandom rnd) {
        int n = Math.min((int) (0.5 * sr), bus.length - start);
        double prev = 0;
        double hp = 0.6 + 0.35 * brightness;
        double eNoise = 0.7;
        double kNoise = decay(0.11, sr);
        double eTone = 0.5;
        double kTone = decay(0.05, sr);
        for (int i = 0; i < n; i++) {
            double w = rnd.nextDouble() * 2 - 1;
            double noise = w - hp * prev;
            prev = w;
            double s = eNoise * noise + eTone * sin(190.0 * i / sr);
            eNoise *= kNoise;
            eTone *= kTone;
            bus[start + i] += (float) (gain * s);
        }
    }

    /** Hand clap: three quick noise bursts then a short tail. */
    static void clap(float[] bus, int start, int sr, double gain, SplittableRandom rnd) {
        int n = Math.min((int) (0.3 * sr), bus.length - start);
        int gap = Math.max(1, (int) (0.011 * sr));
        double prev = 0;
        double env = 1;
        double kBurst = decay(0.004, sr);
        double kTail = decay(0.08, sr);
        for (int i = 0; i < n; i++) {
            if (i % gap == 0 && i / gap <= 3) {
                env = 1; // each burst (and the tail) restarts the envelope
            }
            double w = rnd.nextDouble() * 2 - 1;
            double noise = w - 0.8 * prev;
            prev = w;
            bus[start + i] += (float) (gain * 0.8 * env * noise);
            env *= i / gap < 3 ? kBurst : kTail;
        }
    }

    /** Hi-hat: differentiated (strongly high-passed) noise; decay 30 ms closed, ~250 ms open. */
    static void hat(float[] bus, int start, int sr, double gain, double decaySec, SplittableRandom rnd) {
        int n = Math.min((int) (decaySec * 6 * sr), bus.length - start);
        double p1 = 0;
        double p2 = 0;
        double env = 0.35;
        double k = decay(decaySec, sr);
        for (int i = 0; i < n; i++) {
            double w = rnd.nextDouble() * 2 - 1;
            double hp = w - 2 * p1 + p2; // second difference: energy pushed towards the top octave
            p2 = p1;
            p1 = w;
            bus[start + i] += (float) (gain * env * hp);
            env *= k;
        }
    }

    /** Ride cymbal: inharmonic square partials plus hiss with a long decay (the jazz "ding"). */
    static void ride(float[] bus, int start, int sr, double gain, SplittableRandom rnd) {
        int n = Math.min((int) (1.2 * sr), bus.length - start);
        double[] ratios = {1.0, 1.48, 1.93, 2.63, 3.17, 4.11};
        double[] phase = new double[ratios.length];
        double base = 2900;
        double prev = 0;
        double env = 1;
        double k = decay(0.45, sr);
        double onset = 0.6;
        double kOnset = decay(0.01, sr);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int r = 0; r < ratios.length; r++) {
                phase[r] += base * ratios[r] / sr;
                s += (phase[r] - Math.floor(phase[r])) < 0.5 ? 1 : -1; // square partials sound metallic
            }
            double w = rnd.nextDouble() * 2 - 1;
            double hiss = w - prev;
            prev = w;
            bus[start + i] += (float) (gain * env * (1 - onset) * (0.05 * s + 0.25 * hiss));
            env *= k;
            onset *= kOnset;
        }
    }

    /** Rim click / clave: short high wooden ping. */
    static void rim(float[] bus, int start, int sr, double gain) {
        int n = Math.min((int) (0.12 * sr), bus.length - start);
        double env = 1;
        double k = decay(0.018, sr);
        for (int i = 0; i < n; i++) {
            double t = (double) i / sr;
            bus[start + i] += (float) (gain * env * (sin(2500 * t) * 0.7 + sin(1750 * t) * 0.3));
            env *= k;
        }
    }

    /** Shaker: band-limited noise with a soft 8 ms attack. */
    static void shaker(float[] bus, int start, int sr, double gain, SplittableRandom rnd) {
        int n = Math.min((int) (0.15 * sr), bus.length - start);
        double prev = 0;
        double lp = 0;
        double a = onePole(9000, sr);
        double env = 1;
        double k = decay(0.035, sr);
        int attack = Math.max(1, (int) (0.008 * sr));
        for (int i = 0; i < n; i++) {
            double w = rnd.nextDouble() * 2 - 1;
            lp += a * ((w - prev) - lp);
            prev = w;
            bus[start + i] += (float) (gain * 0.6 * env * Math.min(1, (double) i / attack) * lp);
            env *= k;
        }
    }

    // ---------------------------------------------------------------- strings (Karplus–Strong)

    /**
     * Plucked string by Karplus–Strong: a noise-filled delay line of one period, averaged each
     * pass. {@code brightness} low-passes the excitation (nylon ≈ 0.3, steel ≈ 0.9);
     * {@code damping} slightly below 1 sets how long it rings.
     */
    static void pluck(float[] bus, int start, int length, int sr, double freq, double gain,
                      double brightness, double damping, SplittableRandom rnd) {
        int period = Math.max(2, (int) Math.round(sr / freq));
        float[] line = new float[period];
        double lp = 0;
        double a = 0.05 + 0.95 * brightness;
        for (int i = 0; i < period; i++) {
            lp += a * ((rnd.nextDouble() * 2 - 1) - lp);
            line[i] = (float) lp;
        }
        int n = Math.min(length + (int) (0.05 * sr), bus.length - start);
        double rel = 1;
        double kRel = decay(0.01, sr);
        int idx = 0;
        for (int i = 0; i < n; i++) {
            int next = idx + 1 == period ? 0 : idx + 1;
            double v = line[idx];
            line[idx] = (float) (damping * 0.5 * (v + line[next]));
            idx = next;
            bus[start + i] += (float) (gain * rel * v);
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    // ---------------------------------------------------------------- keys, pads, leads

    /** Distorted power chord: sum of saws, tanh overdrive, low-pass at {@code cutoff}. */
    static void powerChord(float[] bus, int start, int length, int sr, double[] freqs, double gain,
                           double drive, double cutoff) {
        int n = Math.min(length + (int) (0.03 * sr), bus.length - start);
        double[] phase = new double[freqs.length];
        double a = onePole(cutoff, sr);
        double lp = 0;
        double rel = 1;
        double kRel = decay(0.008, sr);
        int attack = Math.max(1, (int) (0.004 * sr));
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < freqs.length; k++) {
                phase[k] += freqs[k] * (1 + 0.003 * k) / sr;
                s += 2 * (phase[k] - Math.floor(phase[k])) - 1;
            }
            double x = drive * s; // soft clip; a rational tanh is plenty and far cheaper
            double d = x > 3 ? 1 : x < -3 ? -1 : x * (27 + x * x) / (27 + 9 * x * x);
            lp += a * (d - lp);
            bus[start + i] += (float) (gain * rel * Math.min(1, (double) i / attack) * lp);
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Detuned three-saw pad with slow attack and release, two-pole low-passed at {@code cutoff}. */
    static void sawPad(float[] bus, int start, int length, int sr, double freq, double gain, double cutoff) {
        int n = Math.min(length + (int) (0.4 * sr), bus.length - start);
        double[] detune = {0.994, 1.0, 1.006};
        double[] phase = {0.0, 0.33, 0.66};
        double a = onePole(cutoff, sr);
        double lp = 0;
        double lp2 = 0;
        int attack = (int) (0.25 * sr);
        double rel = 1;
        double kRel = decay(0.12, sr);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                phase[k] += freq * detune[k] / sr;
                s += 2 * (phase[k] - Math.floor(phase[k])) - 1;
            }
            lp += a * (s - lp);
            lp2 += a * (lp - lp2);
            bus[start + i] += (float) (gain * rel * Math.min(1, (double) i / attack) * lp2 / 3);
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Square-wave lead with delayed vibrato (pop's catchy hook). */
    static void square(float[] bus, int start, int length, int sr, double freq, double gain, double cutoff) {
        int n = Math.min(length + (int) (0.05 * sr), bus.length - start);
        double phase = 0;
        double a = onePole(cutoff, sr);
        double lp = 0;
        double bloom = 0.2;
        double kBloom = decay(0.1, sr);
        double rel = 1;
        double kRel = decay(0.015, sr);
        int vibStart = (int) (0.15 * sr);
        int attack = Math.max(1, (int) (0.01 * sr));
        for (int i = 0; i < n; i++) {
            double vib = i > vibStart ? 1 + 0.006 * sin(5.5 * i / sr) : 1;
            phase += freq * vib / sr;
            double s = (phase - Math.floor(phase)) < 0.5 ? 1 : -1;
            lp += a * (s - lp);
            bus[start + i] += (float) (gain * rel * Math.min(1, (double) i / attack) * (0.8 + bloom) * lp);
            bloom *= kBloom;
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Saw arpeggio note for electronic leads: short, plucky, filter closing after the attack. */
    static void sawPluck(float[] bus, int start, int length, int sr, double freq, double gain, double cutoff) {
        int n = Math.min(length + (int) (0.02 * sr), bus.length - start);
        double phase = 0;
        double lp = 0;
        double env = 1;
        double kEnv = decay(0.15, sr);
        double fenv = 1;
        double kF = decay(0.06, sr);
        int attack = Math.max(1, (int) (0.003 * sr));
        for (int i = 0; i < n; i++) {
            phase += freq / sr;
            double s = 2 * (phase - Math.floor(phase)) - 1;
            lp += fastPole(cutoff * (0.3 + 0.7 * fenv), sr) * (s - lp);
            bus[start + i] += (float) (gain * env * Math.min(1, (double) i / attack) * (i < length ? 1 : 0.5) * lp);
            env *= kEnv;
            fenv *= kF;
        }
    }

    /** FM electric piano (Rhodes-like): modulation index decays so the attack "barks", then mellows. */
    static void epiano(float[] bus, int start, int length, int sr, double freq, double gain, double brightness) {
        int n = Math.min(length + (int) (0.15 * sr), bus.length - start);
        double index = (0.8 + 2.5 * brightness) / (2 * Math.PI);
        double kIndex = decay(0.25, sr);
        double env = 1;
        double kEnv = decay(1.6, sr);
        double rel = 1;
        double kRel = decay(0.05, sr);
        int attack = Math.max(1, (int) (0.004 * sr));
        for (int i = 0; i < n; i++) {
            double ph = freq * i / sr;
            double s = sin(ph + index * sin(ph));
            bus[start + i] += (float) (gain * env * rel * Math.min(1, (double) i / attack) * s);
            index *= kIndex;
            env *= kEnv;
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Bright piano-ish keys: up to six harmonics, upper ones decaying faster. */
    static void brightKeys(float[] bus, int start, int length, int sr, double freq, double gain, double brightness) {
        int n = Math.min(length + (int) (0.1 * sr), bus.length - start);
        int harmonics = (int) Math.max(1, Math.min(6, sr * 0.45 / freq));
        double[] amp = new double[harmonics];
        double[] k = new double[harmonics];
        for (int h = 0; h < harmonics; h++) {
            amp[h] = 0.6 * Math.pow(0.35 + 0.4 * brightness, h);
            k[h] = decay(0.8 / (h + 1), sr);
        }
        double rel = 1;
        double kRel = decay(0.03, sr);
        int attack = Math.max(1, (int) (0.003 * sr));
        for (int i = 0; i < n; i++) {
            double ph = freq * i / sr;
            double s = 0;
            for (int h = 0; h < harmonics; h++) {
                s += amp[h] * sin(ph * (h + 1));
                amp[h] *= k[h];
            }
            bus[start + i] += (float) (gain * rel * Math.min(1, (double) i / attack) * s);
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Vibraphone: sine with a faint 4th harmonic and motor tremolo. */
    static void vibes(float[] bus, int start, int length, int sr, double freq, double gain) {
        int n = Math.min(length + (int) (0.8 * sr), bus.length - start);
        double env = 1;
        double k = decay(0.9, sr);
        double bar = 0.15;
        double kBar = decay(0.1, sr);
        int attack = Math.max(1, (int) (0.002 * sr));
        for (int i = 0; i < n; i++) {
            double t = (double) i / sr;
            double s = sin(freq * t) + bar * sin(4 * freq * t);
            double trem = 1 - 0.25 * (0.5 + 0.5 * sin(5.5 * t));
            bus[start + i] += (float) (gain * env * trem * Math.min(1, (double) i / attack) * s);
            env *= k;
            bar *= kBar;
        }
    }

    /** Flute: sine plus its octave with breath noise and vibrato. */
    static void flute(float[] bus, int start, int length, int sr, double freq, double gain, SplittableRandom rnd) {
        int n = Math.min(length + (int) (0.06 * sr), bus.length - start);
        double phase = 0;
        double lp = 0;
        double a = onePole(3000, sr);
        double rel = 1;
        double kRel = decay(0.02, sr);
        int attack = Math.max(1, (int) (0.05 * sr));
        for (int i = 0; i < n; i++) {
            phase += freq * (1 + 0.004 * sin(5.0 * i / sr)) / sr;
            lp += a * ((rnd.nextDouble() * 2 - 1) - lp);
            double s = sin(phase) + 0.2 * sin(2 * phase) + 0.3 * lp;
            bus[start + i] += (float) (gain * rel * Math.min(1, (double) i / attack) * s);
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    // ---------------------------------------------------------------- basses

    /** 808-style sub bass: sine with a short downward glide, long decay, light saturation. */
    static void subBass(float[] bus, int start, int length, int sr, double freq, double gain) {
        int n = Math.min(length + (int) (0.05 * sr), bus.length - start);
        double phase = 0;
        double glide = 0.5;
        double kGlide = decay(0.03, sr);
        double env = 1;
        double kEnv = decay(0.9, sr);
        double rel = 1;
        double kRel = decay(0.01, sr);
        int attack = Math.max(1, (int) (0.003 * sr));
        for (int i = 0; i < n; i++) {
            phase += freq * (1 + glide) / sr;
            glide *= kGlide;
            double x = 1.5 * env * rel * Math.min(1, (double) i / attack) * sin(phase);
            bus[start + i] += (float) (gain * x / (1 + Math.abs(x) * 0.5)); // gentle saturation
            env *= kEnv;
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Saw bass through a two-pole low-pass whose cut-off closes after the attack. */
    static void sawBass(float[] bus, int start, int length, int sr, double freq, double gain, double cutoff) {
        int n = Math.min(length + (int) (0.02 * sr), bus.length - start);
        double phase = 0;
        double lp = 0;
        double lp2 = 0;
        double fenv = 1;
        double kF = decay(0.08, sr);
        double rel = 1;
        double kRel = decay(0.006, sr);
        int attack = Math.max(1, (int) (0.003 * sr));
        for (int i = 0; i < n; i++) {
            phase += freq / sr;
            double s = 2 * (phase - Math.floor(phase)) - 1;
            double a = fastPole(cutoff * (0.4 + 0.6 * fenv), sr);
            fenv *= kF;
            lp += a * (s - lp);
            lp2 += a * (lp - lp2);
            bus[start + i] += (float) (gain * rel * Math.min(1, (double) i / attack) * lp2);
            if (i >= length) {
                rel *= kRel;
            }
        }
    }

    /** Upright bass: sine with a little 2nd harmonic, a thumpy attack and a fast decay. */
    static void upright(float[] bus, int start, int length, int sr, double freq, double gain) {
        int n = Math.min(length + (int) (0.03 * sr), bus.length - start);
        double env = 1;
        double kEnv = decay(0.45, sr);
        double h2 = 0.35;
        double kH2 = decay(0.08, sr);
        double rel = 1;
        double kRel = decay(0.01, sr);
        int attack = Math.max(1, (int) (0.006 * sr));
        for (int i = 0; i < n; i++) {
            double ph = freq * i / sr;
            double s = sin(ph) + h2 * sin(2 * ph);
            bus[start + i] += (float) (gain * env * rel * Math.min(1, (double) i / attack) * s);
            env *= kEnv;
            h2 *= kH2;
            if (i >= length) {
                rel *= kRel;
            }
        }
    }
}
