package org.musicrec.model;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;

/**
 * Switch for DL4J's oneDNN layer helpers (convolution, BatchNorm, pooling), off by default in
 * DL4J 1.0.0-M2.1.
 *
 * <p>Two things keep them off in M2.1: the system property {@value #PROPERTY} defaults to
 * {@code true}, and the capability check reflects on a class that no longer exists (answered by
 * the shim {@code org.nd4j.nativeblas.Nd4jCpu}). Without them every layer runs DL4J's im2col/Java
 * code. Measured here (2 cores, batch 16, 1×84×313, one MoCo step = key forward + query forward and
 * backward + Adam): narrow 6.4 → 31.5 samples/s training, 30 → 305 inference; ResNet-18 1.2 → 8.7
 * training; ResNet-50 1.98 training, 17.8 inference with helpers. {@code OneDnnHelpersTest} checks
 * outputs and every parameter's gradient against the built-in layers.
 *
 * <p>The property is read when a layer is constructed, so {@link #enable()} must run before any
 * graph is built or restored — call it once at start-up (the CLI's job), or start the JVM with
 * {@code -D}{@value #PROPERTY}{@code =false}. It changes a JVM-wide setting, which is why the model
 * classes never call it themselves.
 */
public final class OneDnnHelpers {
    /** DL4J's property: "true" disables platform helpers. */
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnnHelpers() {
    }

    /** Turns the helpers on for graphs built from now on; returns whether oneDNN is actually available. */
    public static boolean enable() {
        System.setProperty(PROPERTY, "false");
        return available();
    }

    /** True when the native library has oneDNN and DL4J's capability check sees it. */
    public static boolean available() {
        return BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** True when graphs built now would use the helpers. */
    public static boolean enabled() {
        return "false".equalsIgnoreCase(System.getProperty(PROPERTY, "true")) && available();
    }
}
