package org.musicrec.demo;

import java.util.Locale;

/**
 * Which hidden taste the demo listener has. The demo listener ({@link #GENRE}) mostly rates
 * by genre, which a tags-only recommender already gets right; the other two exist so the rating
 * model can be measured on listeners whose taste the tags do not tell.
 */
public enum Taste {
    /** {@link TasteRule#stars}: a base per category, ±1 star from tempo and brightness. */
    GENRE,
    /** {@link TasteRule#soundStars}: only where a song sits within its category's tempo and brightness range. */
    SOUND,
    /** {@link #SOUND} plus a per-artist affinity ({@link TasteRule#ARTIST_SD} stars): people rate artists alike. */
    ARTIST;

    public static Taste parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("taste must be genre, sound or artist, got '" + s + "'");
        }
    }
}
