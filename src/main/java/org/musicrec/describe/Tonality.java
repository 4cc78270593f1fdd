package org.musicrec.describe;

/**
 * A song's key as {@link KeyEstimator} hears it.
 *
 * @param keyRoot    tonic pitch class, 0 = C … 11 = B, or −1 when there is no key (silence, noise, too short)
 * @param minor      the mode (false when there is no key)
 * @param confidence 0–1: how far the best key's profile correlation stands above the runner-up's
 */
public record Tonality(int keyRoot, boolean minor, double confidence) {
    public static final Tonality NONE = new Tonality(-1, false, 0);
    private static final String[] NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    public Tonality {
        if (keyRoot < -1 || keyRoot > 11) {
            throw new IllegalArgumentException("key root must be -1 or 0-11, got " + keyRoot);
        }
    }

    public boolean hasKey() {
        return keyRoot >= 0;
    }

    /** "A minor", or "no key". */
    public String name() {
        return hasKey() ? NAMES[keyRoot] + (minor ? " minor" : " major") : "no key";
    }
}
