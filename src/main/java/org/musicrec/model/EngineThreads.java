package org.musicrec.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs libnd4j's own loops (element-wise ops, reductions, reorders — everything that is not a oneDNN
 * primitive or a BLAS call) on one thread, leaving oneDNN's and BLAS's OpenMP threads as they are.
 *
 * <p>Why: each multi-threaded libnd4j op hands half its work to a pool thread and waits for it. On 2
 * cores that thread competes with oneDNN's OpenMP threads (which spin after each convolution), the JVM's
 * GC and JIT threads and anything else running; when it loses, the op waits for the next scheduler tick
 * (4 ms) — an element-wise op on 1.7 M floats took 4–8 ms instead of 0.15 ms (EltwiseBench). One thread
 * per op removes that wait: measured in one JVM, alternating steps (EngineProfile {@code engine.ab=threads}),
 * ResNet-50 training 1.60× and ResNet-18 1.04–1.35× depending on how busy the machine was, never slower
 * (BENCHMARKS.md, "CPU engine"). The setting is process-wide, so it is made once at start-up (the CLI's job).
 */
public final class EngineThreads {
    private EngineThreads() {
    }

    /** libnd4j's own loops on one thread from now on (process-wide). */
    public static void configure() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
