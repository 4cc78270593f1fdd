/**
 * The self-supervised audio encoder: ResNet backbones on the 1×84×T CQT, the MoCo v2 projection
 * head with its momentum key encoder and key queue, the genre head, and their losses.
 *
 * <p>One DL4J {@code ComputationGraph} (built by {@link org.musicrec.model.EncoderGraphFactory})
 * holds the query encoder with two non-loss outputs, {@code proj} and {@code genre}, plus the
 * {@code embedding} vertex. The losses ({@link org.musicrec.model.InfoNce},
 * {@link org.musicrec.model.MaskedBce}) live outside the graph on plain INDArrays, and
 * {@link org.musicrec.model.MocoModel} feeds their gradients back with DL4J's external-errors
 * pattern (through {@code org.deeplearning4j.nn.graph.ExternalErrorsBackprop}, which reaches
 * {@code fit}'s own workspace-managed forward/backward). {@link org.musicrec.model.OneDnnHelpers}
 * switches on DL4J's oneDNN layer helpers, 3–7× faster here and off by default in M2.1. For embedding
 * extraction, {@link org.musicrec.model.FoldedBackbone} makes an inference-only copy of the backbone
 * with each BatchNorm folded into its convolution. Nothing here knows which ND4J backend runs.
 */
package org.musicrec.model;
