package org.musicrec.recommend;

import org.musicrec.library.Song;

import java.util.Locale;

/**
 * A song in a playlist with why it is there.
 *
 * @param predictedStars the rating model's prediction, 0–5 (NaN: no prediction, e.g. a similarity playlist)
 * @param uncertainty    spread of the prediction in stars (0 when not estimated)
 * @param annotation     the note written into the playlist, which the player shows beside the song
 */
public record PlaylistEntry(Song song, double predictedStars, double uncertainty, String annotation) {
    /** A recommendation: the note gives the prediction and its spread. */
    public PlaylistEntry(Song song, double predictedStars, double uncertainty) {
        this(song, predictedStars, uncertainty,
                String.format(Locale.ROOT, "musicrec: predicted %.1f stars (±%.1f)", predictedStars, uncertainty));
    }

    /**
     * A recommendation whose note shows a calibrated band: {@code band80} is the half-width that held 80 % of
     * the user's held-out ratings in cross-validation ({@code uncertainty} stays the model's own spread, which
     * orders the help playlist). Without a measured band the note gives the prediction alone.
     */
    public static PlaylistEntry predicted(Song song, double stars, double uncertainty, double band80) {
        String note = band80 > 0
                ? String.format(Locale.ROOT, "musicrec: predicted %.1f ± %.1f stars (80 %% of your ratings fell within"
                        + " such a band in cross-validation)", stars, band80)
                : String.format(Locale.ROOT, "musicrec: predicted %.1f stars", stars);
        return new PlaylistEntry(song, stars, uncertainty, note);
    }

    /**
     * A song of a "sounds like" playlist: no prediction is made, so none is shown; a rated song says it is
     * the user's own rating.
     */
    public static PlaylistEntry similar(Song song, String similarity) {
        String rating = song.isRated()
                ? String.format(Locale.ROOT, "you rated it %.1f stars", song.stars()) : "not rated yet";
        return new PlaylistEntry(song, Double.NaN, 0, "musicrec: sounds like your pick (" + similarity + "); " + rating);
    }
}
