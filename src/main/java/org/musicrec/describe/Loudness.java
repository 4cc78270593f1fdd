package org.musicrec.describe;

/**
 * A song's loudness descriptors.
 *
 * @param integratedLufs ITU-R BS.1770-4 gated integrated loudness in LUFS; NaN when every block is gated
 *                       (silence, or audio shorter than one 400 ms block)
 * @param rangeLu        EBU Tech 3342 loudness range (LRA) in LU; NaN when fewer than 2 short-term (3 s)
 *                       windows survive gating
 */
public record Loudness(double integratedLufs, double rangeLu) {
    /** Nothing measurable. */
    public static final Loudness NONE = new Loudness(Double.NaN, Double.NaN);
}
