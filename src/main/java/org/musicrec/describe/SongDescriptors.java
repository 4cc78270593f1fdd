package org.musicrec.describe;

import java.util.Locale;

/**
 * How one song sounds, in measured, named quantities: what people say when they explain a rating
 * (fast, minor, loud, bright, acoustic) and what a rating model can find from a few dozen ratings.
 * Computed from the song's cached chunks ({@link DescriptorExtractor}); NaN marks what could not be
 * measured (a song too short or silent for a tempo has no tempo, never a made-up one).
 *
 * @param tempoBpm            beats per minute, NaN when there is no tempo
 * @param tempoConfidence     0–1, how clearly the tempo's period stands out
 * @param tempoAlternativeBpm the competing octave (half or double), NaN when none competes
 * @param pulseClarity        0–1, how regular the pulse is; NaN without a tempo
 * @param onsetRate           note/drum onsets per second
 * @param keyRoot             tonic pitch class, 0 = C … 11 = B, or −1 without a key
 * @param minor               the key's mode (false without a key)
 * @param keyConfidence       0–1, how clearly the key wins
 * @param loudnessLufs        EBU R128 / ITU-R BS.1770 integrated loudness, NaN for silence
 * @param loudnessRangeLu     EBU Tech 3342 loudness range, NaN when too short or silent
 * @param centroidHz          spectral centroid (brightness)
 * @param rolloffHz           frequency below which 85 % of the power lies
 * @param flatness            0 (tonal) … 1 (noise-like)
 * @param zeroCrossingRate    zero crossings per second
 * @param harmonicShare       0 (all percussive) … 1 (all harmonic), after median-filter separation
 * @param lowEndShare         share of power below 150 Hz
 */
public record SongDescriptors(
        double tempoBpm, double tempoConfidence, double tempoAlternativeBpm, double pulseClarity, double onsetRate,
        int keyRoot, boolean minor, double keyConfidence,
        double loudnessLufs, double loudnessRangeLu,
        double centroidHz, double rolloffHz, double flatness, double zeroCrossingRate,
        double harmonicShare, double lowEndShare) {

    /** Version of the algorithms; stored with every row, so a change recomputes old rows instead of mixing them. */
    public static final String ALGORITHM = "descriptors-v4";

    private static final String[] PITCH_CLASSES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    public SongDescriptors {
        if (keyRoot < -1 || keyRoot > 11) {
            throw new IllegalArgumentException("key root must be -1 or 0-11, got " + keyRoot);
        }
    }

    public boolean hasTempo() {
        return !Double.isNaN(tempoBpm);
    }

    public boolean hasKey() {
        return keyRoot >= 0;
    }

    /** "A minor", "Eb major", or "" without a key. */
    public String keyName() {
        return hasKey() ? PITCH_CLASSES[keyRoot] + (minor ? " minor" : " major") : "";
    }

    /** "major", "minor" or "" without a key. */
    public String modeName() {
        return hasKey() ? (minor ? "minor" : "major") : "";
    }

    /** One line for messages: "128 BPM, A minor, -9.1 LUFS, 1850 Hz". */
    public String summary() {
        return String.format(Locale.ROOT, "%s, %s, %s, centroid %.0f Hz",
                hasTempo() ? String.format(Locale.ROOT, "%.0f BPM", tempoBpm) : "no tempo",
                hasKey() ? keyName() : "no key",
                Double.isNaN(loudnessLufs) ? "silent" : String.format(Locale.ROOT, "%.1f LUFS", loudnessLufs), centroidHz);
    }
}
