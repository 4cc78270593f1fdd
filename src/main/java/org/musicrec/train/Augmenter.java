package org.musicrec.train;

import org.musicrec.config.AugmentConfig;

import java.util.SplittableRandom;

/**
 * The training-view augmentations of DESIGN.md, on raw z-normalised audio:
 * random crop of 5–15 s padded/trimmed to the clip length, gain ±2 dB, Gaussian noise at 25–35 dB
 * SNR with p = .5, and mixup with a same-genre clip (λ ~ Beta(α, α), the primary keeps the larger
 * share) with p = .5. Randomness comes only from the {@link SplittableRandom} passed in, so a
 * seeded run is reproducible whatever threads assemble the batches.
 */
public final class Augmenter {
    private final AugmentConfig cfg;
    private final int sampleRate;
    private final int clipSamples;

    public Augmenter(AugmentConfig cfg, int sampleRate, double clipSeconds) {
        this.cfg = cfg;
        this.sampleRate = sampleRate;
        this.clipSamples = (int) Math.round(clipSeconds * sampleRate);
    }

    public int clipSamples() {
        return clipSamples;
    }

    /**
     * One augmented view.
     *
     * @param chunk    source audio (a cached chunk)
     * @param mixPartner a same-genre chunk to mix in, or null when the song has no genre partner
     */
    public float[] view(float[] chunk, float[] mixPartner, SplittableRandom rng) {
        float[] x = crop(chunk, rng);
        if (mixPartner != null && rng.nextDouble() < cfg.mixupP()) {
            float[] other = crop(mixPartner, rng);
            double lam = beta(cfg.mixupAlpha(), rng);
            lam = Math.max(lam, 1 - lam);   // the primary stays dominant: its song is the positive
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (lam * x[i] + (1 - lam) * other[i]);
            }
        }
        double gain = Math.pow(10, uniform(-cfg.gainDb(), cfg.gainDb(), rng) / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) gain;
        }
        if (rng.nextDouble() < cfg.noiseP()) {
            addNoise(x, uniform(cfg.noiseSnrMinDb(), cfg.noiseSnrMaxDb(), rng), rng);
        }
        return x;
    }

    /** A random crop of crop_min..crop_max seconds, zero-padded or trimmed to the clip length. */
    float[] crop(float[] chunk, SplittableRandom rng) {
        int len = (int) Math.round(uniform(cfg.cropMinSeconds(), cfg.cropMaxSeconds(), rng) * sampleRate);
        len = Math.min(len, chunk.length);
        int start = chunk.length > len ? rng.nextInt(chunk.length - len + 1) : 0;
        float[] out = new float[clipSamples];
        System.arraycopy(chunk, start, out, 0, Math.min(len, clipSamples));
        return out;
    }

    private static void addNoise(float[] x, double snrDb, SplittableRandom rng) {
        double power = 0;
        for (float v : x) {
            power += v * v;
        }
        power /= x.length;
        if (power == 0) {
            return;   // silence has no signal to measure an SNR against
        }
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
        // Gaussian pairs by Marsaglia's polar method: one log and one sqrt per two samples, no trigonometry
        // (one Box–Muller draw per sample was the largest cost of a training batch after the chunk loads)
        for (int i = 0; i < x.length; i += 2) {
            double u, v, s;
            do {
                u = 2 * rng.nextDouble() - 1;
                v = 2 * rng.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = sigma * Math.sqrt(-2 * Math.log(s) / s);
            x[i] += (float) (u * f);
            if (i + 1 < x.length) {
                x[i + 1] += (float) (v * f);
            }
        }
    }

    private static double uniform(double lo, double hi, SplittableRandom rng) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static double gaussian(SplittableRandom rng) {
        // Box–Muller; SplittableRandom has no nextGaussian in Java 17.
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Beta(a, a) via two Gamma(a) draws (Marsaglia–Tsang, with the a < 1 boost). */
    static double beta(double a, SplittableRandom rng) {
        if (a <= 0) {
            return 1;
        }
        double x = gamma(a, rng), y = gamma(a, rng);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    private static double gamma(double a, SplittableRandom rng) {
        if (a < 1) {
            return gamma(a + 1, rng) * Math.pow(rng.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = gaussian(rng), v = Math.pow(1 + c * z, 3);
            if (v <= 0) {
                continue;
            }
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
