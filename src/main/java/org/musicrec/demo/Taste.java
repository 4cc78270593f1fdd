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
    ARTIST,
    /**
     * {@link TasteRule#tempoModeStars}: across genres, by tempo (faster or slower) and mode (major or minor);
     * which way, and how much each counts, is drawn per library seed.
     */
    TEMPO_MODE,
    /**
     * {@link TasteRule#energyStars}: across genres, by energy — how loud the song is mastered, how bright it
     * sounds and how fast it is; whether the listener likes energetic or calm songs is drawn per library seed.
     */
    ENERGY;

    /** The names {@link #parse} accepts, as written on the command line. */
    public static final String NAMES = "genre, sound, artist, tempo-mode or energy";

    public static Taste parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("taste must be " + NAMES + ", got '" + s + "'");
        }
    }

    /** The name as written on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether songs are mastered at different levels. The listener's library ({@link #GENRE}) keeps
     * one level so its audio stays byte for byte what it was; every other library varies it, as real
     * libraries do (and the energy listener hears it).
     */
    public boolean variesLevels() {
        return this != GENRE;
    }
}
