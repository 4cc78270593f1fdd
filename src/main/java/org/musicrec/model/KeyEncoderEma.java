package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MoCo's momentum update of the key encoder: {@code k ← m·k + (1−m)·q} on the trainable
 * parameters, written as {@code k += (1−m)·mask·(q−k)} over the whole flat parameter vector, i.e.
 * a handful of vector ops per step and no per-layer loop.
 *
 * <p>The mask is 0 on BatchNorm running mean/variance (DL4J keeps them in the same flat vector):
 * the key encoder keeps its own statistics, as in MoCo where buffers are not averaged. The work
 * buffer is allocated once, so a step allocates nothing. Both graphs must have the same
 * configuration (same parameter layout); this is checked once, in the constructor.
 */
public final class KeyEncoderEma {
    private final INDArray query;
    private final INDArray key;
    private final INDArray mask;
    private final INDArray work;
    private final double momentum;

    public KeyEncoderEma(ComputationGraph queryEncoder, ComputationGraph keyEncoder, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
        if (!sameLayout(queryEncoder, keyEncoder)) {
            throw new IllegalArgumentException("query and key encoders must have the same parameter layout");
        }
        this.query = queryEncoder.params();   // views: see deeplearning4j#7977
        this.key = keyEncoder.params();
        this.mask = BatchNormLayers.trainableMask(keyEncoder);
        this.work = query.ulike();
        this.momentum = momentum;
    }

    /** Copies every query parameter (BN statistics too) into the key encoder: MoCo's initialisation. */
    public void copyAll() {
        key.assign(query);
    }

    /** One momentum step: {@code k += (1−m)·mask·(q−k)}. */
    public void update() {
        work.assign(query).subi(key).muli(mask).muli(1.0 - momentum);
        key.addi(work);
    }

    private static boolean sameLayout(ComputationGraph a, ComputationGraph b) {
        var pa = a.paramTable();
        var pb = b.paramTable();
        if (!pa.keySet().equals(pb.keySet()) || a.numParams() != b.numParams()) {
            return false;
        }
        return pa.entrySet().stream()
                .allMatch(e -> java.util.Arrays.equals(e.getValue().shape(), pb.get(e.getKey()).shape()));
    }

    public double momentum() {
        return momentum;
    }

    /** The 0/1 trainable mask over the flat parameter vector (shaped like {@code params()}); do not modify. */
    public INDArray mask() {
        return mask;
    }
}
