package org.musicrec.describe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference meter: FFmpeg's {@code ebur128} filter run by the {@code ffmpeg} command line. Reads the filter's
 * per-100 ms metadata (printed with 3 decimals by {@code ametadata}) instead of its one-decimal summary, and
 * takes the last values, which are the summary's.
 */
final class LoudnessFfmpeg {
    static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

    /** FFmpeg's I and LRA; I is −70 and LRA 0 when nothing passes the gates (FFmpeg's initial values). */
    record Result(double integrated, double range) {
    }

    private LoudnessFfmpeg() {
    }

    static boolean available() {
        return Files.isExecutable(FFMPEG);
    }

    /** {@code ebur128} on {@code file}; {@code before} is a filter chain run first (e.g. "aresample=48000"), or "". */
    static Result measure(Path file, String before, Path workDir) throws IOException, InterruptedException {
        Path meta = Files.createTempFile(workDir, "ebur128-", ".txt");
        // ametadata's file option is parsed by the filter-graph parser: keep the path free of ':' and '\'.
        String chain = (before.isEmpty() ? "" : before + ",")
                + "ebur128=metadata=1:framelog=verbose,ametadata=mode=print:file=" + meta.toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(FFMPEG.toString(), "-nostdin", "-nostats", "-hide_banner",
                "-v", "error", "-i", file.toString(), "-af", chain, "-f", "null", "-"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg failed on " + file + ": " + out);
        }
        double i = -70;
        double lra = 0;
        for (String line : Files.readAllLines(meta)) {
            if (line.startsWith("lavfi.r128.I=")) {
                i = Double.parseDouble(line.substring("lavfi.r128.I=".length()));
            } else if (line.startsWith("lavfi.r128.LRA=")) {
                lra = Double.parseDouble(line.substring("lavfi.r128.LRA=".length()));
            }
        }
        Files.delete(meta);
        return new Result(i, lra);
    }
}
