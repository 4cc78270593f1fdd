package org.musicrec.model;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.primitive;

import java.util.List;

/** One executable step of a oneDNN plan: a primitive and its arguments. */
record DnnlStep(primitive prim, IntMemoryMap args) {
    /** Runs {@code steps} in order on {@code runtime}'s stream and waits for them. */
    static void runAll(List<DnnlStep> steps, DnnlRuntime runtime) {
        for (DnnlStep s : steps) {
            s.prim().execute(runtime.stream(), s.args());
        }
        runtime.stream()._wait();
    }
}
