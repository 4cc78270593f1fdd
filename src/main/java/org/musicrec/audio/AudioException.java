package org.musicrec.audio;

/**
 * A song that could not be turned into chunks. {@link #reason()} is short and shared by all files
 * with the same problem (summaries group by it); {@link #getMessage()} adds this file's details.
 */
public final class AudioException extends Exception {
    /** Failed: unreadable or undecodable. Skipped: readable but excluded by policy (e.g. too long). */
    public enum Kind { FAILED, SKIPPED }

    private final Kind kind;
    private final String reason;
    private final double durationSeconds;

    public AudioException(Kind kind, String reason, String detail, double durationSeconds) {
        super(detail == null || detail.isEmpty() ? reason : reason + " (" + detail + ")");
        this.kind = kind;
        this.reason = reason;
        this.durationSeconds = durationSeconds;
    }

    public static AudioException failed(String reason, String detail) {
        return new AudioException(Kind.FAILED, reason, detail, Double.NaN);
    }

    /** @param durationSeconds the song's length when known (NaN otherwise) */
    public static AudioException skipped(String reason, String detail, double durationSeconds) {
        return new AudioException(Kind.SKIPPED, reason, detail, durationSeconds);
    }

    /** The song's length if it was found before the problem (NaN otherwise). */
    public double durationSeconds() {
        return durationSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }
}
