package org.musicrec.demo;

import java.util.List;
import java.util.SplittableRandom;
import org.musicrec.demo.CategoryStyle.DrumTrack;

/**
 * Renders a {@link SongPlan} to PCM. Arrangement: bar 0 is drums and bass only; after that the
 * chords play every bar, and every other 8-bar section is a "chorus" where the lead (if the
 * category has one) plays a motif generated for the song. Five mono buses (drums, cymbals, bass,
 * chords, lead) are panned into stereo (or summed to mono), faded, peak-normalised and quantised.
 *
 * <p>Deterministic: all randomness comes from {@code new SplittableRandom(plan.seed())}, consumed
 * in a fixed order, so the same plan always gives the same samples.
 */
public final class Synthesizer {
    private static final double PEAK = 0.89;

    /** Renders the song; thread-safe (no fields). */
    public Pcm render(SongPlan plan) {
        CategoryStyle style = CategoryStyle.of(plan.category());
        int sr = plan.sampleRate();
        int n = plan.frames();
        SplittableRandom rnd = new SplittableRandom(plan.seed());
        SplittableRandom motifRnd = rnd.split();
        Buses b = new Buses(n);
        double step = 60.0 / plan.bpm() / 4; // seconds per 16th
        int bars = (int) Math.ceil(plan.durationSeconds() / (16 * step)) + 1;
        List<List<Chord>> progs = plan.minor() ? style.minorProgressions() : style.majorProgressions();
        List<Chord> prog = progs.get(plan.progression() % progs.size());
        int[] motif = motif(motifRnd, style.leadVoice());

        for (int bar = 0; bar < bars; bar++) {
            double barStart = bar * 16 * step;
            Chord chord = prog.get(bar % prog.size());
            Chord next = prog.get((bar + 1) % prog.size());
            boolean chorus = bar >= 8 && (bar / 8) % 2 == 1;
            for (DrumTrack t : style.drums()) {
                playDrums(b, plan, style, t, barStart, step, chorus, rnd);
            }
            playBass(b, plan, style, chord, next, barStart, step);
            if (bar > 0) {
                playChords(b, plan, style, chord, barStart, step, bar, rnd);
            }
            if (chorus && style.leadVoice() != CategoryStyle.LeadVoice.NONE) {
                playLead(b, plan, style, chord, motif, barStart, step, bar, rnd);
            }
        }
        return b.mix(plan.channels(), sr, PEAK * Math.pow(10, plan.levelDb() / 20));
    }

    /** Time of step {@code s} (0–15) within a bar, with the style's swing applied. */
    private static double stepTime(CategoryStyle style, int s, double step) {
        double t = s * step;
        if (s % 4 == 2) {
            t += style.swing8() * step * 2 / 3; // off-beat 8th moves towards the triplet
        }
        if (s % 2 == 1) {
            t += style.swing16() * step / 3;
        }
        return t;
    }

    private static double velocity(char c) {
        return switch (c) {
            case 'X' -> 1.0;
            case 'x' -> 0.75;
            case 'o' -> 0.4;
            default -> 0;
        };
    }

    private static int sample(double seconds, int sr) {
        return Math.max(0, (int) Math.round(seconds * sr));
    }

    private void playDrums(Buses b, SongPlan plan, CategoryStyle style, DrumTrack t, double barStart,
                           double step, boolean chorus, SplittableRandom rnd) {
        int sr = plan.sampleRate();
        double br = plan.brightness();
        // Programmed genres are on the grid; played ones drift by a few milliseconds.
        double jitter = plan.category() == Category.ELECTRONIC ? 0 : 0.004;
        for (int s = 0; s < 16; s++) {
            double v = velocity(t.pattern().charAt(s));
            if (v == 0) {
                continue;
            }
            double g = t.gain() * v * (0.9 + 0.2 * rnd.nextDouble());
            int at = sample(barStart + stepTime(style, s, step) + jitter * (rnd.nextDouble() - 0.5), sr);
            switch (t.drum()) {
                case KICK -> {
                    double[] pd = kickShape(plan.category());
                    Instruments.kick(b.drums, at, sr, 0.9 * g, pd[0] * (0.9 + 0.2 * tone(plan, 1)),
                            pd[1] * (0.8 + 0.4 * tone(plan, 2)));
                }
                case SNARE -> Instruments.snare(b.drums, at, sr, 0.6 * g, br, rnd);
                case CLAP -> Instruments.clap(b.drums, at, sr, 0.6 * g, rnd);
                case HAT -> Instruments.hat(b.cymbals, at, sr, g * (0.4 + 0.8 * br) * (chorus ? 1.2 : 1),
                        0.03 * (0.7 + 0.6 * tone(plan, 3)), rnd);
                case OPEN_HAT -> Instruments.hat(b.cymbals, at, sr, g * (0.4 + 0.8 * br), 0.2, rnd);
                case RIDE -> Instruments.ride(b.cymbals, at, sr, g * (0.5 + 0.6 * br), rnd);
                case RIM -> Instruments.rim(b.drums, at, sr, 0.5 * g);
                case SHAKER -> Instruments.shaker(b.cymbals, at, sr, g * (0.5 + 0.6 * br), rnd);
            }
        }
    }

    /**
     * A per-song constant in [0, 1) for timbre detail number {@code salt} (kick tuning, hat length,
     * filter and strum spread): songs of one category share a style but not an exact sound.
     * A pure function of the seed, so rendering stays deterministic and consumes no random numbers.
     */
    private static double tone(SongPlan plan, int salt) {
        long z = plan.seed() + salt * 0x9E3779B97F4A7C15L; // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Kick pitch (Hz) and decay (s): tight rock/jazz kicks, long booming 808-ish hip-hop kicks. */
    private static double[] kickShape(Category c) {
        return switch (c) {
            case ROCK -> new double[] {62, 0.14};
            case ELECTRONIC -> new double[] {50, 0.28};
            case HIPHOP -> new double[] {47, 0.4};
            case JAZZ_CLASSICAL -> new double[] {68, 0.1};
            default -> new double[] {56, 0.18};
        };
    }

    private void playBass(Buses b, SongPlan plan, CategoryStyle style, Chord chord, Chord next,
                          double barStart, double step) {
        int sr = plan.sampleRate();
        double br = plan.brightness();
        int root = bassNote(plan.keyRoot() + chord.root());
        if (style.bassVoice() == CategoryStyle.BassVoice.WALKING) {
            // Walking bass: root, third, fifth, then a chromatic approach to the next chord's root.
            int nextRoot = bassNote(plan.keyRoot() + next.root());
            int[] line = {root, root + chord.quality().third(), root + 7, nextRoot - 1 < root ? nextRoot + 11 : nextRoot - 1};
            for (int q = 0; q < 4; q++) {
                int at = sample(barStart + stepTime(style, q * 4, step), sr);
                Instruments.upright(b.bass, at, sample(3.6 * step, sr), sr, Instruments.midiToHz(line[q] + 12), 0.6);
            }
            return;
        }
        String p = style.bassPattern();
        int hit = 0;
        for (int s = 0; s < 16; s++) {
            double v = velocity(p.charAt(s));
            if (v == 0) {
                continue;
            }
            int gap = nextHit(p, s) - s;
            int at = sample(barStart + stepTime(style, s, step), sr);
            int note = root;
            switch (style.bassVoice()) {
                case PICK -> Instruments.sawBass(b.bass, at, sample(0.85 * gap * step, sr), sr,
                        Instruments.midiToHz(note), 0.45 * v, 500 + 700 * br);
                case SYNTH -> {
                    note = root + ((hit % 2 == 1 && plan.category() == Category.POP) ? 12 : 0) + 12;
                    Instruments.sawBass(b.bass, at, sample(0.8 * gap * step, sr), sr,
                            Instruments.midiToHz(note), 0.4 * v, 700 + 1500 * br);
                }
                case SUB -> Instruments.subBass(b.bass, at, sample(0.95 * gap * step, sr), sr,
                        Instruments.midiToHz(note + 12), 0.6 * v);
                case ROOT_FIFTH -> {
                    note = root + 12 + (hit % 2 == 1 ? -5 : 0);
                    Instruments.upright(b.bass, at, sample(0.8 * gap * step, sr), sr, Instruments.midiToHz(note), 0.55 * v);
                }
                default -> throw new IllegalStateException();
            }
            hit++;
        }
    }

    /**
     * The MIDI note of pitch class {@code pc} (0 = C) in the bass register E1 … D#2. Until demo-v2 this was
     * 28 + pc, which put every bass line a major third above the harmony (C major chords over an E bass).
     */
    static int bassNote(int pc) {
        return 28 + Math.floorMod(pc - 4, 12);
    }

    /** Step of the next non-rest in the pattern, or 16 (the bar end). */
    private static int nextHit(String pattern, int s) {
        for (int k = s + 1; k < 16; k++) {
            if (pattern.charAt(k) != '.') {
                return k;
            }
        }
        return 16;
    }

    private void playChords(Buses b, SongPlan plan, CategoryStyle style, Chord chord, double barStart,
                            double step, int bar, SplittableRandom rnd) {
        int sr = plan.sampleRate();
        double br = plan.brightness();
        double filter = 0.85 + 0.3 * tone(plan, 4);
        double spread = 0.7 + 0.6 * tone(plan, 5);
        int[] iv = chord.quality().intervals();
        int base = 48 + Math.floorMod(plan.keyRoot() + chord.root(), 12);
        double[] freqs = new double[iv.length];
        for (int k = 0; k < iv.length; k++) {
            int note = base + iv[k];
            if (chord.quality() != Chord.Quality.POW && note > 67) {
                note -= 12; // close voicing around middle C
            }
            freqs[k] = Instruments.midiToHz(note);
        }
        String p = style.chordPattern();
        for (int s = 0; s < 16; s++) {
            double v = velocity(p.charAt(s));
            if (v == 0) {
                continue;
            }
            int at = sample(barStart + stepTime(style, s, step), sr);
            int len = sample(style.chordLegato() * (nextHit(p, s) - s) * step, sr);
            switch (style.chordVoice()) {
                case DIST_POWER -> {
                    double[] low = new double[freqs.length];
                    for (int k = 0; k < low.length; k++) {
                        low[k] = freqs[k] / 2; // power chords sit an octave lower
                    }
                    Instruments.powerChord(b.chords, at, len, sr, low, 0.3 * v, 2.5 + 4 * br, (1200 + 4500 * br) * filter);
                }
                case BRIGHT_KEYS -> {
                    for (double f : freqs) {
                        Instruments.brightKeys(b.chords, at, len, sr, f, 0.16 * v, br);
                    }
                }
                case SAW_PAD -> {
                    double sweep = 0.6 + 0.4 * Instruments.sin(bar / 16.0); // slow filter sweep over 16 bars
                    for (double f : freqs) {
                        Instruments.sawPad(b.chords, at, len, sr, f, 0.35 * v, (500 + 3500 * br) * sweep * filter);
                    }
                }
                case EPIANO -> {
                    for (double f : freqs) {
                        Instruments.epiano(b.chords, at, len, sr, f, 0.14 * v, br);
                    }
                }
                case STEEL_STRUM -> strum(b.chords, at, len, sr, freqs, 0.28 * v, 0.55 + 0.45 * br, 0.996,
                        0.012 * spread, s % 4 != 0, rnd);
                case NYLON_PLUCK -> strum(b.chords, at, len, sr, freqs, 0.3 * v, 0.1 + 0.35 * br, 0.993,
                        0.005 * spread, false, rnd);
            }
        }
    }

    /** Karplus–Strong strum: strings start {@code spreadSec} apart, upstrokes in reverse order. */
    private static void strum(float[] bus, int at, int len, int sr, double[] freqs, double gain, double brightness,
                              double damping, double spreadSec, boolean up, SplittableRandom rnd) {
        for (int k = 0; k < freqs.length; k++) {
            int order = up ? freqs.length - 1 - k : k;
            int offset = (int) (order * spreadSec * sr);
            Instruments.pluck(bus, at + offset, Math.max(0, len - offset), sr, freqs[k], gain, brightness, damping, rnd);
        }
    }

    /**
     * A two-bar motif on the 8th-note grid as scale-degree indices (−1 = rest), generated once per
     * song so its choruses repeat it — repetition is what makes a hook.
     */
    private static int[] motif(SplittableRandom rnd, CategoryStyle.LeadVoice voice) {
        int[] m = new int[16];
        int degree = rnd.nextInt(5);
        double rest = voice == CategoryStyle.LeadVoice.FLUTE || voice == CategoryStyle.LeadVoice.VIBES ? 0.45 : 0.25;
        for (int i = 0; i < 16; i++) {
            if (rnd.nextDouble() < rest) {
                m[i] = -1;
                continue;
            }
            degree = Math.max(0, Math.min(9, degree + rnd.nextInt(5) - 2)); // mostly stepwise
            m[i] = degree;
        }
        return m;
    }

    private void playLead(Buses b, SongPlan plan, CategoryStyle style, Chord chord, int[] motif, double barStart,
                          double step, int bar, SplittableRandom rnd) {
        int sr = plan.sampleRate();
        double br = plan.brightness();
        int tonic = 72 + plan.keyRoot();
        if (style.leadVoice() == CategoryStyle.LeadVoice.ARP) {
            // 16th-note arpeggio up the chord tones over two octaves.
            int[] iv = chord.quality().intervals();
            int base = 60 + Math.floorMod(plan.keyRoot() + chord.root(), 12);
            for (int s = 0; s < 16; s++) {
                int note = base + iv[s % iv.length] + 12 * ((s / iv.length) % 2);
                int at = sample(barStart + s * step, sr);
                Instruments.sawPluck(b.lead, at, sample(0.9 * step, sr), sr, Instruments.midiToHz(note), 0.12,
                        1200 + 5000 * br);
            }
            return;
        }
        int[] scale = plan.minor() ? new int[] {0, 3, 5, 7, 10} : new int[] {0, 2, 4, 7, 9};
        int half = (bar % 2) * 8;
        for (int e = 0; e < 8; e++) {
            int deg = motif[half + e];
            if (deg < 0) {
                continue;
            }
            int len8 = 1;
            while (e + len8 < 8 && motif[half + e + len8] < 0) {
                len8++;
            }
            int note = tonic + scale[deg % 5] + 12 * (deg / 5) - 12;
            double f = Instruments.midiToHz(note);
            int at = sample(barStart + stepTime(style, e * 2, step), sr);
            int len = sample(0.9 * len8 * 2 * step, sr);
            switch (style.leadVoice()) {
                case SQUARE -> Instruments.square(b.lead, at, len, sr, f, 0.1, 1500 + 5000 * br);
                case VIBES -> Instruments.vibes(b.lead, at, len, sr, f, 0.18);
                case FLUTE -> Instruments.flute(b.lead, at, len, sr, f, 0.12, rnd);
                default -> throw new IllegalStateException();
            }
        }
    }

    /** The five mono buses of one song and their stereo/mono mix-down. */
    private static final class Buses {
        private static final float DRUMS = 0.7f;
        private static final float BASS = 0.55f;
        private static final float CYMBALS = 1.5f;
        private static final float CHORDS = 1.8f;
        private static final float LEAD = 1.4f;
        final float[] drums;
        final float[] cymbals;
        final float[] bass;
        final float[] chords;
        final float[] lead;

        Buses(int n) {
            drums = new float[n];
            cymbals = new float[n];
            bass = new float[n];
            chords = new float[n];
            lead = new float[n];
        }

        /** @param targetPeak the peak the mix is normalised to (full scale = 1) */
        Pcm mix(int channels, int sr, double targetPeak) {
            int n = drums.length;
            float[] l = new float[n];
            float[] r = channels == 2 ? new float[n] : l;
            for (int i = 0; i < n; i++) {
                // Bus levels: without this balance kick and bass hold ~90 % of the power and every
                // category sounds (and measures) like a bass line.
                float centre = DRUMS * drums[i] + BASS * bass[i];
                float cym = CYMBALS * cymbals[i];
                float chd = CHORDS * chords[i];
                float ld = LEAD * lead[i];
                if (channels == 2) {
                    // Cymbals and lead a little right, chords a little left, like a typical mix.
                    l[i] = centre + 0.7f * cym + chd + 0.7f * ld;
                    r[i] = centre + cym + 0.7f * chd + ld;
                } else {
                    l[i] = centre + 0.85f * (cym + chd + ld);
                }
            }
            double peak = 1e-9;
            for (int i = 0; i < n; i++) {
                peak = Math.max(peak, Math.max(Math.abs(l[i]), Math.abs(r[i])));
            }
            double g = targetPeak / peak;
            int fadeIn = (int) (0.05 * sr);
            int fadeOut = Math.min(n / 4, 2 * sr);
            short[] out = new short[n * channels];
            for (int i = 0; i < n; i++) {
                double f = g * Math.min(1, Math.min((double) i / fadeIn, (double) (n - 1 - i) / fadeOut));
                for (int c = 0; c < channels; c++) {
                    float[] src = c == 0 ? l : r;
                    out[i * channels + c] = (short) Math.round(Math.max(-1, Math.min(1, src[i] * f)) * 32767);
                }
            }
            return new Pcm(out, sr, channels);
        }
    }
}
