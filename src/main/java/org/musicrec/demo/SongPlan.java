package org.musicrec.demo;

/**
 * Everything needed to render, encode, tag and catalogue one demo song. Pure data: the
 * {@link Synthesizer} turns it into PCM, the {@link AudioEncoder} into a file, the
 * {@link ClementineDbWriter} into a row.
 *
 * @param index        0-based position in the library (also the DB insertion order)
 * @param relativePath {@code Artist/Album/NN - Title.ext}, relative to the music folder
 * @param genreTag     raw genre tag as a user's library would have it; "" when untagged
 * @param keyRoot      pitch class of the tonic, 0 = C … 11 = B
 * @param brightness   0 dark … 1 bright: filter cut-offs and cymbal level (part of the taste rule)
 * @param progression  index into the style's major or minor progression list
 * @param seed         seed of this song's own random stream (noise, motif, humanisation)
 * @param truthStars   the hidden taste rule's value, 0–5, for every song (see {@link TasteRule})
 * @param rating       Clementine rating: -1 unrated, else stars/5 in 0.1 steps
 * @param levelDb      the mix's peak level relative to the usual demo peak, in dB (≤ 0): how loud the song is
 *                     mastered; 0 for the listener's library, so it renders as before
 */
public record SongPlan(
        int index,
        Category category,
        String artist, String album, String title, String genreTag,
        int year, int track, int trackTotal,
        AudioFormat format, int sampleRate, int channels, double durationSeconds,
        double bpm, int keyRoot, boolean minor, double brightness, int progression,
        long seed,
        String relativePath,
        double truthStars, double rating, double levelDb) {

    /** A song mastered at the usual level ({@code levelDb} 0). */
    public SongPlan(int index, Category category, String artist, String album, String title, String genreTag,
                    int year, int track, int trackTotal, AudioFormat format, int sampleRate, int channels,
                    double durationSeconds, double bpm, int keyRoot, boolean minor, double brightness, int progression,
                    long seed, String relativePath, double truthStars, double rating) {
        this(index, category, artist, album, title, genreTag, year, track, trackTotal, format, sampleRate, channels,
                durationSeconds, bpm, keyRoot, minor, brightness, progression, seed, relativePath, truthStars, rating, 0);
    }

    public SongPlan {
        if (!(levelDb <= 0)) {
            throw new IllegalArgumentException("levelDb must be <= 0, got " + levelDb);
        }
    }

    /** Number of PCM frames (samples per channel) the synthesiser renders. */
    public int frames() {
        return (int) Math.round(durationSeconds * sampleRate);
    }

    public boolean rated() {
        return rating >= 0;
    }
}
