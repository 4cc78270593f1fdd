package org.musicrec.audio;

import java.util.Map;

/**
 * How many threads each FFmpeg decoder may use: the configured number, capped by
 * OMP_NUM_THREADS when the user set it, so that workers × threads is the CPU use they asked for.
 */
public final class FfmpegThreads {
    private FfmpegThreads() {
    }

    public static int effective(int configured, Map<String, String> env) {
        int n = Math.max(1, configured);
        String omp = env.get("OMP_NUM_THREADS");
        if (omp != null) {
            try {
                int cap = Integer.parseInt(omp.trim());
                if (cap >= 1) {
                    n = Math.min(n, cap);
                }
            } catch (NumberFormatException ignored) {
                // an unparsable value caps nothing, as in OpenMP itself
            }
        }
        return n;
    }
}
