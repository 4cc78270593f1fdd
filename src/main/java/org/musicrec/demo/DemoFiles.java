package org.musicrec.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.musicrec.io.AtomicFiles;

/**
 * The demo's answer sheets, beside the DB: {@code truth.csv} (header {@code path,stars,bpm,mode,level_db}:
 * the hidden taste rule's value, 0–5, for every song including unrated ones, which later stages score
 * recommendations against, and the song's true tempo, mode and mastering level) and {@code demo_plan.csv} (category and sound parameters per song,
 * e.g. to check genre predictions on untagged songs). Paths are absolute, as decoded from the DB.
 */
final class DemoFiles {
    private DemoFiles() {
    }

    static void writeTruth(Path csv, Path musicDir, List<SongPlan> songs) throws IOException {
        // Beside the stars, the sound properties the generator knows: evaluate's probes check how well each
        // representation carries them.
        StringBuilder sb = new StringBuilder("path,stars,bpm,mode,level_db\n");
        for (SongPlan s : songs) {
            sb.append(quote(file(musicDir, s))).append(',')
                    .append(String.format(Locale.ROOT, "%.2f,%s,%s,%s", s.truthStars(), fmt(s.bpm()),
                            s.minor() ? "minor" : "major", fmt(s.levelDb()))).append('\n');
        }
        AtomicFiles.writeString(csv, sb.toString());
    }

    static void writePlan(Path csv, Path musicDir, List<SongPlan> songs) throws IOException {
        StringBuilder sb = new StringBuilder("path,category,category_index,genre_tag,artist,album,title,format,"
                + "sample_rate,channels,seconds,bpm,key,mode,brightness,level_db,rating,truth_stars\n");
        for (SongPlan s : songs) {
            sb.append(String.join(",", quote(file(musicDir, s)), s.category().id(),
                    Integer.toString(s.category().index()), quote(s.genreTag()), quote(s.artist()), quote(s.album()),
                    quote(s.title()), s.format().extension(), Integer.toString(s.sampleRate()),
                    Integer.toString(s.channels()), fmt(s.durationSeconds()), fmt(s.bpm()),
                    Integer.toString(s.keyRoot()), s.minor() ? "minor" : "major", fmt(s.brightness()), fmt(s.levelDb()),
                    fmt(s.rating()), fmt(s.truthStars()))).append('\n');
        }
        AtomicFiles.writeString(csv, sb.toString());
    }

    private static String file(Path musicDir, SongPlan s) {
        return musicDir.toAbsolutePath().normalize().resolve(s.relativePath()).toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** RFC 4180 quoting when needed (titles may contain commas or quotes). */
    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
