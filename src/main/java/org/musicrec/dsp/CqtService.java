package org.musicrec.dsp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One-clip entry point for commands (e.g. {@code musicrec cqt}): keeps one {@link Cqt} per parameter
 * set so its kernels are built once per process.
 */
public final class CqtService {
    private static final ConcurrentMap<CqtParams, Cqt> INSTANCES = new ConcurrentHashMap<>();

    private CqtService() {
    }

    /** The shared transform for {@code p} (built on first use). */
    public static Cqt get(CqtParams p) {
        return INSTANCES.computeIfAbsent(p, Cqt::create);
    }

    /** Raw CQT magnitude of one clip at {@code p.sampleRate()}: [nBins][1 + samples.length / hop]. */
    public static float[][] magnitude(float[] samples, CqtParams p) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("empty audio");
        }
        return get(p).magnitude(samples);
    }
}
