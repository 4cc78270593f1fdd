package org.musicrec.eval;

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
 * stars 0–5 (the demo's {@code truth.csv}). Fields may be RFC 4180 quoted (paths can hold commas).
 * A relative path is taken relative to the CSV's folder, so a truth file can travel with its music.
 * Any bad line stops the read with an error naming the file and line: a silently skipped line would
 * quietly change the metric.
 */
public final class TruthFile {
    private TruthFile() {
    }

    /** @return normalised absolute song path → true stars, in file order */
    public static Map<Path, Double> read(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(csv + ": cannot read truth file: " + e.getMessage(), e);
        }
        Path base = csv.toAbsolutePath().getParent();
        Map<Path, Double> out = new LinkedHashMap<>();
        boolean header = false;
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
            if (!header) {
                if (f.size() != 2 || !f.get(0).trim().equalsIgnoreCase("path") || !f.get(1).trim().equalsIgnoreCase("stars")) {
                    throw new IOException(where + "expected the header 'path,stars', found '" + line + "'");
                }
                header = true;
                continue;
            }
            if (f.size() != 2) {
                throw new IOException(where + "expected 2 fields (path,stars), found " + f.size() + ": '" + line + "'");
            }
            if (f.get(0).isBlank()) {
                throw new IOException(where + "empty path");
            }
            double stars;
            try {
                stars = Double.parseDouble(f.get(1).trim());
            } catch (NumberFormatException e) {
                throw new IOException(where + "stars '" + f.get(1) + "' is not a number");
            }
            if (!(stars >= 0 && stars <= 5)) {
                throw new IOException(where + "stars " + f.get(1).trim() + " is outside 0–5");
            }
            Path p = base.resolve(f.get(0)).normalize();
            if (out.put(p, stars) != null) {
                throw new IOException(where + "song listed twice: " + p);
            }
        }
        if (!header) {
            throw new IOException(csv + ": truth file is empty (expected the header 'path,stars')");
        }
        return out;
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
