package org.musicrec.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads libnd4j's own loops use (element-wise ops, reductions, reorders — everything that is
 * not a oneDNN primitive or a BLAS call, which keep every core): half the cores, at least one, unless the
 * system property {@value #PROPERTY} says otherwise.
 *
 * <p>Why: a multi-threaded libnd4j op hands part of its work to pool threads and waits for all of them.
 * When another process (or the JVM's own GC and JIT threads) holds a core, the op waits for the next
 * scheduler tick — an element-wise op on 1.7 M floats took 4–8 ms instead of 0.15 ms (EltwiseBench), and
 * a ResNet-50 training step ran 1.60× faster with one libnd4j thread than with two on these 2 busy cores
 * (EngineProfile {@code engine.ab=threads}, alternating steps in one JVM). On an idle machine it costs
 * nothing now that BatchNorm, Adam and ReLU's backward run outside libnd4j's loops (ResNet-50 1.01×
 * training, 1.00× inference; before those changes two threads were 8–13 % faster there). Half the cores
 * rather than one so that machines with many cores keep some parallelism in libnd4j's remaining loops.
 * Process-wide, so it is set once at start-up (the CLI's job).
 */
public final class EngineThreads {
    /** System property overriding the thread count (e.g. {@code JAVA_OPTS=-Dmusicrec.nd4j.threads=2}). */
    public static final String PROPERTY = "musicrec.nd4j.threads";

    private EngineThreads() {
    }

    /** Sets libnd4j's loop threads (process-wide) and returns the count; a bad property value is an error naming it. */
    public static int configure() {
        int threads = threads(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        return threads;
    }

    static int threads(String property, int cores) {
        if (property == null || property.isBlank()) {
            return Math.max(1, cores / 2);
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(PROPERTY + " must be a whole number of threads >= 1, got '" + property + "'");
    }
}
