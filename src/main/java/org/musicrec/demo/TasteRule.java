package org.musicrec.demo;

import java.util.Random;

/**
 * The demo listener's hidden taste. It depends on how a song <em>sounds</em> — its category's
 * style, its tempo and its brightness — not on its tags, so an audio model can learn it even for
 * untagged songs while a tags-only recommender cannot.
 *
 * <pre>
 * stars = base(category) + 0.02 · (120 − bpm) + 1.2 · (0.5 − brightness), clamped to [0, 5]
 * base: rock 2.8, pop 2.6, electronic 2.5, hiphop 0.3, jazz_classical 3.8, country 2.8, latin_world 3.9
 * </pre>
 * i.e. this listener loves jazz and bossa (≈ 3.6–3.8 stars on average), is lukewarm about pop,
 * country, electronic and rock (≈ 2.1–2.6) and dislikes hip-hop (≈ 1.2), and within every category
 * prefers slower, darker, warmer songs: ±1 star from tempo and brightness, which tags cannot tell.
 *
 * <p>A rating is what the listener clicked: the rule plus per-song noise (σ = 0.35 stars),
 * rounded to half stars, at least half a star (Clementine shows 0 as "unrated").
 */
public final class TasteRule {
    private static final double[] BASE = {2.8, 2.6, 2.5, 0.3, 3.8, 2.8, 3.9};
    /** Standard deviation of the listener's rating noise, in stars. */
    public static final double NOISE_STARS = 0.35;

    private TasteRule() {
    }

    /** The noise-free rule value in stars, 0–5 (what {@code truth.csv} holds). */
    public static double stars(Category category, double bpm, double brightness) {
        double s = BASE[category.index()] + 0.02 * (120 - bpm) + 1.2 * (0.5 - brightness);
        return Math.max(0, Math.min(5, s));
    }

    /** Standard deviation of the {@link Taste#ARTIST} listener's per-artist affinity, in stars. */
    public static final double ARTIST_SD = 0.9;

    /**
     * The {@link Taste#SOUND} listener: no favourite genre (every category averages 2.6 stars); within
     * each category they prefer the slower and darker songs, ±2.3 stars across the category's range:
     * <pre>stars = 2.6 − 3.0 · u_brightness − 1.6 · u_bpm,   u = position in the category's range − 0.5</pre>
     */
    public static double soundStars(CategoryStyle style, double bpm, double brightness) {
        double uBright = (brightness - style.minBrightness()) / (style.maxBrightness() - style.minBrightness()) - 0.5;
        double uBpm = style.maxBpm() > style.minBpm() ? (bpm - style.minBpm()) / (style.maxBpm() - style.minBpm()) - 0.5 : 0;
        return Math.max(0, Math.min(5, 2.6 - 3.0 * uBright - 1.6 * uBpm));
    }

    /** Lowest and highest mastering level of a song in libraries that vary levels, dB below the usual peak. */
    public static final double MIN_LEVEL_DB = -14, MAX_LEVEL_DB = 0;

    /**
     * The {@link Taste#TEMPO_MODE} listener: no favourite genre; each +30 BPM moves a song by
     * {@code starsPer30Bpm} (either sign) and a major key by {@code majorOverMinor} stars against a minor one:
     * <pre>stars = 3.3 + starsPer30Bpm · (bpm − 125) / 30 + majorOverMinor · (major ? ½ : −½)</pre>
     * so a straight line on two true properties of each song is the whole taste.
     */
    public record TempoModeListener(double starsPer30Bpm, double majorOverMinor) {
        /** Drawn from the library seed by a generator of its own (the plan's stream stays as it was). */
        public static TempoModeListener of(long seed) {
            Random r = new Random(seed * 7_919L + 101);
            double tempo = (0.9 + 0.6 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            double mode = (0.8 + 0.6 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            return new TempoModeListener(tempo, mode);
        }

        public double stars(double bpm, boolean minor) {
            return clamp(3.3 + starsPer30Bpm * (bpm - 125) / 30 + majorOverMinor * (minor ? -0.5 : 0.5));
        }
    }

    /**
     * The {@link Taste#ENERGY} listener: no favourite genre; likes energetic songs (sign +1) or calm ones (−1),
     * energy being how loud the song is mastered, how bright and how fast, in units of their spread over the
     * demo's songs:
     * <pre>energy = 0.5 · (level + 7 dB) / 4 dB + 0.3 · (brightness − 0.5) / 0.25 + 0.2 · (bpm − 122) / 23
     * stars  = 3.2 + 1.6 · sign · energy</pre>
     */
    public record EnergyListener(int sign) {
        public static EnergyListener of(long seed) {
            return new EnergyListener(new Random(seed * 7_919L + 202).nextBoolean() ? 1 : -1);
        }

        public double stars(double levelDb, double brightness, double bpm) {
            double energy = 0.5 * (levelDb + 7) / 4 + 0.3 * (brightness - 0.5) / 0.25 + 0.2 * (bpm - 122) / 23;
            return clamp(3.2 + 1.6 * sign * energy);
        }
    }

    private static double clamp(double stars) {
        return Math.max(0, Math.min(5, stars));
    }

    /**
     * The Clementine rating for a listener who rated the song: rule + noise, rounded to half stars,
     * as stars/5 in 0.1 steps (0.1 … 1.0).
     */
    public static double rating(double stars, double noise) {
        long halfStars = Math.round((stars + noise) * 2);
        halfStars = Math.max(1, Math.min(10, halfStars));
        return halfStars / 10.0;
    }
}
