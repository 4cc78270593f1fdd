package org.musicrec.demo;

/**
 * The demo listener's hidden taste. It depends on how a song <em>sounds</em> — its category's
 * style, its tempo and its brightness — not on its tags, so an audio model can learn it even for
 * untagged songs while a tags-only recommender cannot.
 *
 * <pre>
 * stars = base(category) + 0.025 · (115 − bpm) + 1.5 · (0.45 − brightness), clamped to [0, 5]
 * base: rock 2.5, pop 2.5, electronic 2.5, hiphop 1.0, jazz_classical 4.0, country 3.0, latin_world 4.0
 * </pre>
 * i.e. this listener loves jazz and bossa, dislikes hip-hop, and prefers slower, darker, warmer
 * sounding songs (a 150 bpm song loses ~0.9 stars against a 115 bpm one).
 *
 * <p>A rating is what the listener clicked: the rule plus per-song noise (σ = 0.35 stars),
 * rounded to half stars, at least half a star (Clementine shows 0 as "unrated").
 */
public final class TasteRule {
    private static final double[] BASE = {2.5, 2.5, 2.5, 1.0, 4.0, 3.0, 4.0};
    /** Standard deviation of the listener's rating noise, in stars. */
    public static final double NOISE_STARS = 0.35;

    private TasteRule() {
    }

    /** The noise-free rule value in stars, 0–5 (what {@code truth.csv} holds). */
    public static double stars(Category category, double bpm, double brightness) {
        double s = BASE[category.index()] + 0.025 * (115 - bpm) + 1.5 * (0.45 - brightness);
        return Math.max(0, Math.min(5, s));
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
