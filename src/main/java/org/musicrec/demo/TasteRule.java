package org.musicrec.demo;

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
