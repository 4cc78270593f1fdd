package org.musicrec.progress;

import java.time.Duration;
import java.util.Locale;

/** Count, rate and ETA as text: "120/6000 songs (2.0%) 3.4/s ETA 28m50s". */
final class Rate {
    private Rate() {
    }

    static String line(String label, long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && total > done ? duration((long) ((total - done) / rate)) : "?";
        return String.format(Locale.ROOT, "%s %d/%d (%.1f%%) %.2f/s ETA %s", label, done, total,
                total > 0 ? 100.0 * done / total : 100.0, rate, total <= done ? "0s" : eta);
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + String.format(Locale.ROOT, "%02dm", d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + String.format(Locale.ROOT, "%02ds", d.toSecondsPart());
        }
        return d.toSeconds() + "s";
    }
}
