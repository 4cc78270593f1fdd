package org.nd4j.nativeblas;

/**
 * Shim that re-enables DL4J's oneDNN layer helpers on nd4j-native 1.0.0-M2.1.
 *
 * <p>DL4J M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection, but in M2.1 the
 * bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and that method is gone,
 * so the lookup fails and every convolution, BatchNorm and pooling layer silently falls back to
 * DL4J's im2col/Java implementations. This class answers the lookup: true exactly when the loaded
 * libnd4j was built with oneDNN ({@code HAVE_ONEDNN} in its build info). Nothing else uses it.
 * Remove it when upgrading DL4J.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The object {@code BaseMKLDNNHelper} reflects on. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True when the native library has oneDNN. */
        public boolean isUseMKLDNN() {
            String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            return info != null && (info.contains("HAVE_ONEDNN") || info.contains("HAVE_MKLDNN"));
        }
    }
}
