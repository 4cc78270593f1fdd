package org.musicrec.library;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Where a song's audio lies in its file: the whole file, or one track of an album image.
 *
 * <p>An album ripped to one file with a CUE sheet of the same name beside it ({@code Album.flac} +
 * {@code Album.cue}) is listed by Clementine and Strawberry as one row per track and no row for the
 * image: every row has the image's URL, its own {@code beginning} and {@code length} (nanoseconds; the
 * last track runs to the end of the file) and the sheet's plain path in {@code cue_path}. Checked with
 * both real players by CueSheetLibraryTest.
 *
 * @param beginningNanos where the track starts in the file; 0 for a whole file
 * @param lengthNanos    how long it runs; -1 for a whole file, or a track whose length the player did not know
 *                       (it then runs to the end of the file)
 * @param track          the track's number on the sheet as the player stored it; 0 when unknown or a whole file
 * @param cueSheet       the sheet the player cut the file by; null for a whole file (and for a track whose
 *                       player did not say, which its beginning still marks as a track)
 */
public record TrackSpan(long beginningNanos, long lengthNanos, int track, Path cueSheet) {
    public static final TrackSpan WHOLE_FILE = new TrackSpan(0, -1, 0, null);

    public TrackSpan {
        if (beginningNanos < 0) {
            throw new IllegalArgumentException("a track cannot begin before its file: " + beginningNanos + " ns");
        }
        lengthNanos = lengthNanos > 0 ? lengthNanos : -1;
        track = Math.max(track, 0);
    }

    /** True for a track of an album image, false for a whole file. */
    public boolean isCueTrack() {
        return cueSheet != null || beginningNanos > 0;
    }

    public double startSeconds() {
        return beginningNanos / 1e9;
    }

    /** The track's length in seconds; NaN when it runs to the end of the file. */
    public double lengthSeconds() {
        return lengthNanos > 0 ? lengthNanos / 1e9 : Double.NaN;
    }

    /**
     * What this span adds to the song's file path to name the song: nothing for a whole file (so every key
     * made before CUE sheets were supported still names the same song), {@code #t=START,END} for a track
     * (W3C Media Fragments' temporal syntax, exact seconds as the player stored them; {@code #t=START}
     * when the end is unknown). Tracks of one image differ in START; an edited sheet that moves a track's
     * end makes it a new song, whose audio is indeed different.
     */
    public String keySuffix() {
        if (!isCueTrack()) {
            return "";
        }
        String start = seconds(beginningNanos);
        return lengthNanos > 0 ? "#t=" + start + "," + seconds(beginningNanos + lengthNanos) : "#t=" + start;
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
