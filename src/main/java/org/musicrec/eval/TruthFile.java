package org.musicrec.eval;

import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listener's true taste for evaluation: a CSV with header {@code path,stars}, one song per line,
 * stars 0–5 (the demo's {@code truth.csv}). Optional further columns, in any order after those two, give
 * what is known about how the song sounds: {@code bpm} (its true tempo), {@code mode} ({@code major} or
 * {@code minor}), {@code level_db}; an empty cell means unknown. Unknown column names are refused (a typo
 * would silently drop a probe). Fields may be RFC 4180 quoted (paths can hold commas).
 * A relative path is taken relative to the CSV's folder, so a truth file can travel with its music. A track
 * of an album image (CUE sheet) is named as musicrec keys it, its path followed by its span:
 * {@code "Album.flac#t=25,55"} (quoted: it holds a comma; {@link org.musicrec.library.Song#key()}).
 * Any bad line stops the read with an error naming the file and line: a silently skipped line would
 * quietly change the metric.
 */
public final class TruthFile {
    /** The optional columns, in the order {@link SongTruth} holds them. */
    private static final List<String> PROPERTIES = List.of("bpm", "mode", "level_db");

    /**
     * One song's truth.
     *
     * @param bpm     true tempo, NaN when not given
     * @param minor   true mode, null when not given
     * @param levelDb mastering level, NaN when not given
     */
    public record SongTruth(double stars, double bpm, Boolean minor, double levelDb) {
    }

    private TruthFile() {
    }

    /** The entry naming {@code s} in what {@link #readAll} returns: its normalised path, with its span for a CUE track. */
    public static Path keyOf(Song s) {
        Path p = s.path().toAbsolutePath().normalize();
        return s.span().isCueTrack() ? Path.of(p + s.span().keySuffix()) : p;
    }

    /** @return normalised absolute song path → true stars, in file order */
    public static Map<Path, Double> read(Path csv) throws IOException {
        Map<Path, Double> out = new LinkedHashMap<>();
        readAll(csv).forEach((p, t) -> out.put(p, t.stars()));
        return out;
    }

    /** @return normalised absolute song path → everything the file says of it, in file order */
    public static Map<Path, SongTruth> readAll(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(csv + ": cannot read truth file: " + e.getMessage(), e);
        }
        Path base = csv.toAbsolutePath().getParent();
        Map<Path, SongTruth> out = new LinkedHashMap<>();
        int[] column = null;   // column of each of PROPERTIES, -1 when absent
        int width = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);   // spreadsheet programs write a UTF-8 BOM
            }
            if (line.isBlank()) {
                continue;
            }
            String where = csv + " line " + (n + 1) + ": ";
            List<String> f = fields(line, where);
            if (column == null) {
                column = header(f, line, where);
                width = f.size();
                continue;
            }
            if (f.size() != width) {
                throw new IOException(where + "expected " + width + " fields as in the header, found " + f.size() + ": '"
                        + line + "'");
            }
            if (f.get(0).isBlank()) {
                throw new IOException(where + "empty path");
            }
            double stars = number(f.get(1), "stars", where);
            if (!(stars >= 0 && stars <= 5)) {
                throw new IOException(where + "stars " + f.get(1).trim() + " is outside 0–5");
            }
            double bpm = column[0] < 0 || f.get(column[0]).isBlank() ? Double.NaN : number(f.get(column[0]), "bpm", where);
            if (!Double.isNaN(bpm) && !(bpm > 0 && bpm < 1000)) {
                throw new IOException(where + "bpm " + f.get(column[0]).trim() + " is not a tempo");
            }
            Boolean minor = column[1] < 0 || f.get(column[1]).isBlank() ? null : mode(f.get(column[1]), where);
            double level = column[2] < 0 || f.get(column[2]).isBlank() ? Double.NaN
                    : number(f.get(column[2]), "level_db", where);
            Path p = base.resolve(f.get(0)).normalize();
            if (out.put(p, new SongTruth(stars, bpm, minor, level)) != null) {
                throw new IOException(where + "song listed twice: " + p);
            }
        }
        if (column == null) {
            throw new IOException(csv + ": truth file is empty (expected the header 'path,stars')");
        }
        return out;
    }

    /** Where each optional column is, from the header line. */
    private static int[] header(List<String> f, String line, String where) throws IOException {
        if (f.size() < 2 || !f.get(0).trim().equalsIgnoreCase("path") || !f.get(1).trim().equalsIgnoreCase("stars")) {
            throw new IOException(where + "expected the header 'path,stars' (optionally followed by "
                    + String.join(", ", PROPERTIES) + "), found '" + line + "'");
        }
        int[] column = new int[PROPERTIES.size()];
        java.util.Arrays.fill(column, -1);
        for (int c = 2; c < f.size(); c++) {
            String name = f.get(c).trim().toLowerCase(java.util.Locale.ROOT);
            int k = PROPERTIES.indexOf(name);
            if (k < 0) {
                throw new IOException(where + "unknown column '" + f.get(c) + "' (known: path, stars, "
                        + String.join(", ", PROPERTIES) + ")");
            }
            if (column[k] >= 0) {
                throw new IOException(where + "column '" + name + "' given twice");
            }
            column[k] = c;
        }
        return column;
    }

    private static double number(String field, String name, String where) throws IOException {
        try {
            return Double.parseDouble(field.trim());
        } catch (NumberFormatException e) {
            throw new IOException(where + name + " '" + field + "' is not a number");
        }
    }

    private static Boolean mode(String field, String where) throws IOException {
        return switch (field.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "minor" -> true;
            case "major" -> false;
            default -> throw new IOException(where + "mode '" + field + "' is neither major nor minor");
        };
    }

    /** Splits one CSV line: commas separate, double quotes enclose, "" inside quotes is a quote. */
    static List<String> fields(String line, String where) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IOException(where + "unterminated quote");
        }
        out.add(cur.toString());
        return out;
    }
}
