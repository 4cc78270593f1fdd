package org.musicrec.recommend;

import org.musicrec.library.Song;

/**
 * A song in a playlist with why it is there.
 *
 * @param predictedStars the rating model's prediction, 0–5
 * @param uncertainty    spread of the prediction in stars (0 when not estimated)
 */
public record PlaylistEntry(Song song, double predictedStars, double uncertainty) {
    /** The note written into the playlist so the user sees the prediction in the player. */
    public String annotation() {
        return String.format(java.util.Locale.ROOT, "musicrec: predicted %.1f stars (±%.1f)", predictedStars, uncertainty);
    }
}
