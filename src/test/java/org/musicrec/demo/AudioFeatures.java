package org.musicrec.demo;

/**
 * Small, dependency-free audio descriptors for tests: spectral centroid, low-band energy share
 * and an onset-envelope tempo estimate. Mono mixdown of 16-bit PCM.
 */
final class AudioFeatures {
    private static final int N = 2048;
    private static final int HOP = 512;

    private AudioFeatures() {
    }

    static float[] mono(Pcm pcm) {
        int ch = pcm.channels();
        float[] m = new float[pcm.frames()];
        for (int i = 0; i < m.length; i++) {
            float s = 0;
            for (int c = 0; c < ch; c++) {
                s += pcm.samples()[i * ch + c];
            }
            m[i] = s / ch / 32768f;
        }
        return m;
    }

    /** Magnitude spectra of Hann-windowed frames: [frame][bin], bins 0..N/2. */
    static double[][] spectrogram(float[] x) {
        int frames = Math.max(0, (x.length - N) / HOP + 1);
        double[][] out = new double[frames][];
        double[] re = new double[N];
        double[] im = new double[N];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < N; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N);
                re[i] = x[f * HOP + i] * w;
                im[i] = 0;
            }
            fft(re, im);
            double[] mag = new double[N / 2 + 1];
            for (int k = 0; k <= N / 2; k++) {
                mag[k] = Math.hypot(re[k], im[k]);
            }
            out[f] = mag;
        }
        return out;
    }

    /** Power-weighted mean frequency in Hz over the whole signal. */
    static double spectralCentroid(double[][] spec, int sr) {
        double num = 0;
        double den = 0;
        for (double[] mag : spec) {
            for (int k = 0; k < mag.length; k++) {
                double p = mag[k] * mag[k];
                num += p * k * sr / (double) N;
                den += p;
            }
        }
        return num / den;
    }

    /** Share of power below {@code hz}. */
    static double lowShare(double[][] spec, int sr, double hz) {
        double low = 0;
        double all = 0;
        int cut = (int) (hz * N / sr);
        for (double[] mag : spec) {
            for (int k = 0; k < mag.length; k++) {
                double p = mag[k] * mag[k];
                all += p;
                if (k <= cut) {
                    low += p;
                }
            }
        }
        return low / all;
    }

    /**
     * Tempo from the autocorrelation of the spectral-flux onset envelope, searched in 70–200 bpm;
     * the lag with the highest autocorrelation wins.
     */
    static double tempo(double[][] spec, int sr) {
        int frames = spec.length;
        double[] flux = new double[frames];
        for (int f = 1; f < frames; f++) {
            double s = 0;
            for (int k = 0; k < spec[f].length; k++) {
                s += Math.max(0, Math.log1p(spec[f][k]) - Math.log1p(spec[f - 1][k]));
            }
            flux[f] = s;
        }
        double mean = 0;
        for (double v : flux) {
            mean += v / frames;
        }
        double fps = (double) sr / HOP;
        int minLag = (int) Math.floor(fps * 60 / 200);
        int maxLag = (int) Math.ceil(fps * 60 / 70);
        double best = -1;
        int bestLag = minLag;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double ac = 0;
            for (int f = 0; f + lag < frames; f++) {
                ac += (flux[f] - mean) * (flux[f + lag] - mean);
            }
            ac /= frames - lag;
            if (ac > best) {
                best = ac;
                bestLag = lag;
            }
        }
        return 60 * fps / bestLag;
    }

    /** Onsets per second: local maxima of spectral flux above mean + 1 standard deviation. */
    static double onsetRate(double[][] spec, int sr) {
        int frames = spec.length;
        double[] flux = new double[frames];
        for (int f = 1; f < frames; f++) {
            double s = 0;
            for (int k = 0; k < spec[f].length; k++) {
                s += Math.max(0, Math.log1p(spec[f][k]) - Math.log1p(spec[f - 1][k]));
            }
            flux[f] = s;
        }
        double mean = 0;
        double sq = 0;
        for (double v : flux) {
            mean += v / frames;
            sq += v * v / frames;
        }
        double thr = mean + Math.sqrt(Math.max(0, sq - mean * mean));
        int onsets = 0;
        for (int f = 1; f + 1 < frames; f++) {
            if (flux[f] > thr && flux[f] >= flux[f - 1] && flux[f] > flux[f + 1]) {
                onsets++;
            }
        }
        return onsets / (frames * (double) HOP / sr);
    }

    /** In-place iterative radix-2 FFT. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
    }
}
