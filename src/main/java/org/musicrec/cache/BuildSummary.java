package org.musicrec.cache;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cache build did.
 *
 * @param songs        songs in the library given to the build
 * @param cached       songs decoded and written in this run
 * @param unchanged    songs already up to date (not touched)
 * @param skipped      skipped in this run, count per reason
 * @param failed       failed in this run, count per reason
 * @param removed      entries dropped because their song left the library
 * @param bytesWritten bytes of cache files written
 * @param seconds      wall time
 * @param problems     one line per skipped, failed or truncated file: "path: reason (detail)"
 * @param failedEarlier failures of earlier runs left alone (counted in unchanged; --retry-failed retries)
 * @param keptUnreachable songs whose file cannot be reached now but whose earlier cache entry is kept
 * @param truncated    songs cached in this run from a file cut off before the length its header states
 */
public record BuildSummary(int songs, int cached, int unchanged, Map<String, Integer> skipped,
                           Map<String, Integer> failed, int removed, long bytesWritten, double seconds,
                           List<String> problems, int failedEarlier, int keptUnreachable, int truncated) {
    public BuildSummary {
        skipped = Map.copyOf(skipped);
        failed = Map.copyOf(failed);
        problems = List.copyOf(problems);
    }

    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int failedCount() {
        return failed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Songs looked at (decoded or tried) in this run. */
    public int processed() {
        return cached + skippedCount() + failedCount();
    }

    /**
     * True when this run tried songs and every song of the library is now a failure (of this run or an
     * earlier one): nothing a user wanted was done, so the run must not end as a success.
     */
    public boolean everySongFailed() {
        return failedCount() > 0 && failedCount() + failedEarlier == songs;
    }

    public double songsPerSecond() {
        return seconds > 0 ? processed() / seconds : 0;
    }

    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Chunk cache: %d songs processed in %.1f s (%.2f songs/s), %d in library%n",
                processed(), seconds, songsPerSecond(), songs));
        b.append(String.format(Locale.ROOT, "  cached:    %d (%s written)%s%n", cached, Bytes.human(bytesWritten),
                truncated == 0 ? "" : ", " + truncated + " of them truncated files (what decodes; see the lines above)"));
        b.append(String.format(Locale.ROOT, "  unchanged: %d%s%n", unchanged, failedEarlier == 0 ? ""
                : " (" + failedEarlier + " failed before, not retried; use --retry-failed)"));
        if (keptUnreachable > 0) {
            b.append(String.format(Locale.ROOT, "  kept:      %d (file not reachable now; cached earlier, kept as it was)%n",
                    keptUnreachable));
        }
        if (removed > 0) {
            b.append(String.format(Locale.ROOT, "  removed:   %d (songs no longer in the library)%n", removed));
        }
        byReason(b, "skipped", skipped);
        byReason(b, "failed", failed);
        return b.toString();
    }

    static void byReason(StringBuilder b, String what, Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        b.append(String.format(Locale.ROOT, "  %-10s %d%n", what + ":", total));
        new TreeMap<>(counts).forEach((reason, n) -> b.append(String.format(Locale.ROOT, "    %6d  %s%n", n, reason)));
    }
}
