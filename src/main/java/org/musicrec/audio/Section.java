package org.musicrec.audio;

/**
 * The part of an audio file that is the song: all of it, or one track of an album image that a CUE
 * sheet cuts into tracks (the player's DB gives each track's start and length).
 *
 * @param startSeconds  where the song starts in the file
 * @param lengthSeconds how long it runs; NaN = to the end of the file
 */
public record Section(double startSeconds, double lengthSeconds) {
    public static final Section WHOLE_FILE = new Section(0, Double.NaN);

    public Section {
        if (!(startSeconds >= 0) || lengthSeconds <= 0) {
            throw new IllegalArgumentException("bad section of a file: " + lengthSeconds + " s from " + startSeconds + " s");
        }
    }

    public boolean isWholeFile() {
        return startSeconds == 0 && Double.isNaN(lengthSeconds);
    }

    /** The first sample of the section at {@code rate}. */
    long startSample(int rate) {
        return Math.round(startSeconds * rate);
    }

    /**
     * The section's length given the file's stated duration (NaN when the file states none): its own
     * length when known, else what of the file lies past its start.
     */
    double length(double fileSeconds) {
        return Double.isNaN(lengthSeconds) ? fileSeconds - startSeconds : lengthSeconds;
    }
}
