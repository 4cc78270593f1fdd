package org.musicrec.recommend;

import org.musicrec.describe.SongDescriptors;

import java.util.Locale;

/**
 * Which songs a "similar" list may hold, by their descriptors: a tempo range in BPM and/or a mode (major,
 * minor, or the same as the seed's). A song without the needed descriptor (no tempo, no key) never passes
 * a filter on it. {@link #NONE} lets every song through.
 *
 * @param minBpm lowest tempo, NaN for no lower bound
 * @param maxBpm highest tempo, NaN for no upper bound
 * @param mode   "major", "minor", "same" or null for any
 */
public record SoundFilter(double minBpm, double maxBpm, String mode) {
    public static final SoundFilter NONE = new SoundFilter(Double.NaN, Double.NaN, null);

    public SoundFilter {
        if (mode != null && !mode.equals("major") && !mode.equals("minor") && !mode.equals("same")) {
            throw new IllegalArgumentException("mode must be major, minor or same, got '" + mode + "'");
        }
        if (minBpm > maxBpm) {
            throw new IllegalArgumentException("tempo range " + minBpm + "-" + maxBpm + " is empty");
        }
    }

    /** Parses "90-120", "90-" or "-120" (BPM). */
    public static SoundFilter tempo(String range) {
        String[] p = range.trim().split("-", -1);
        if (p.length != 2 || (p[0].isBlank() && p[1].isBlank())) {
            throw new IllegalArgumentException("tempo range must look like 90-120, 90- or -120 (BPM), got '" + range + "'");
        }
        try {
            double lo = p[0].isBlank() ? Double.NaN : Double.parseDouble(p[0].trim());
            double hi = p[1].isBlank() ? Double.NaN : Double.parseDouble(p[1].trim());
            if (!(Double.isNaN(lo) || lo > 0) || !(Double.isNaN(hi) || hi > 0)) {
                throw new IllegalArgumentException("tempo must be positive BPM, got '" + range + "'");
            }
            return new SoundFilter(lo, hi, null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tempo range must look like 90-120, 90- or -120 (BPM), got '" + range + "'");
        }
    }

    public SoundFilter withMode(String m) {
        return new SoundFilter(minBpm, maxBpm, m == null ? null : m.trim().toLowerCase(Locale.ROOT));
    }

    public boolean isNone() {
        return Double.isNaN(minBpm) && Double.isNaN(maxBpm) && mode == null;
    }

    /** Whether a song with descriptors {@code d} (null: none) may be listed beside {@code seed}. */
    public boolean accepts(SongDescriptors seed, SongDescriptors d) {
        if (isNone()) {
            return true;
        }
        if (d == null) {
            return false;
        }
        if (!Double.isNaN(minBpm) || !Double.isNaN(maxBpm)) {
            if (!d.hasTempo() || d.tempoBpm() < (Double.isNaN(minBpm) ? 0 : minBpm)
                    || d.tempoBpm() > (Double.isNaN(maxBpm) ? Double.MAX_VALUE : maxBpm)) {
                return false;
            }
        }
        if (mode == null) {
            return true;
        }
        if (!d.hasKey()) {
            return false;
        }
        return switch (mode) {
            case "major" -> !d.minor();
            case "minor" -> d.minor();
            default -> seed != null && seed.hasKey() && seed.minor() == d.minor();
        };
    }

    /** " (58–120 BPM, minor)" for messages, "" for no filter. */
    public String describe() {
        if (isNone()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        if (!Double.isNaN(minBpm) || !Double.isNaN(maxBpm)) {
            sb.append(Double.isNaN(minBpm) ? "up to " : String.format(Locale.ROOT, "%.0f", minBpm))
                    .append(Double.isNaN(minBpm) ? "" : Double.isNaN(maxBpm) ? " BPM and faster" : "–")
                    .append(Double.isNaN(maxBpm) ? "" : String.format(Locale.ROOT, "%.0f BPM", maxBpm));
        }
        if (mode != null) {
            sb.append(sb.length() > 2 ? ", " : "").append(mode.equals("same") ? "same mode as the seed" : mode + " keys");
        }
        return sb.append(')').toString();
    }
}
