package org.musicrec.model;

/**
 * From which feature-map size (H·W pixels) a 1×1 convolution runs as a batched matrix product rather than
 * through oneDNN ({@link PointwiseConvHelper}), separately for the forward and the backward pass.
 */
record PointwiseGemmPolicy(long forwardMinPixels, long backwardMinPixels) {
    /**
     * Measured on 2 AVX2 cores, batch 16 ({@code Conv1x1Bench}, ResNet-50's 1×1 shapes): the product wins
     * forward from 440 pixels on (tied at 120), and backward only at 1659 (tied at 440, 1.6–2× slower at
     * 120 and 30, where the per-sample weight-gradient partials outweigh the products).
     */
    static final PointwiseGemmPolicy MEASURED = new PointwiseGemmPolicy(256, 1024);
    /** Always oneDNN: DL4J's behaviour, for A/B comparisons. */
    static final PointwiseGemmPolicy NEVER = new PointwiseGemmPolicy(Long.MAX_VALUE, Long.MAX_VALUE);
    /** Always the matrix product where the shape allows: for tests. */
    static final PointwiseGemmPolicy ALWAYS = new PointwiseGemmPolicy(0, 0);
}
