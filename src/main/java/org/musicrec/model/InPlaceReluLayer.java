package org.musicrec.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link InPlaceRelu}: forward applies ReLU to its input array in place (moved into the
 * activations workspace first if it lives elsewhere, as DL4J's inference path already does); backward
 * writes {@code ε·[out > 0]} into one new gradient array, reading the layer's input — which after the
 * forward pass is its output.
 */
final class InPlaceReluLayer extends ActivationLayer {
    /** oneDNN's ReLU when {@link DnnlConvHelper#installAll} gave one; else ND4J's ops. */
    private DnnlRelu dnnl;

    InPlaceReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Runs forward and backward on oneDNN (null: back to ND4J's ops). Not part of the configuration. */
    void useDnnl(DnnlRelu relu) {
        this.dnnl = relu;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray in = mgr.leverageTo(ArrayType.ACTIVATIONS, input);
        if (dnnl == null || !dnnl.forwardInPlace(in)) {
            Nd4j.exec(new RectifiedLinear(in, in, 0.0));
        }
        return in;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(),
                epsilon.ordering());
        if (dnnl != null && dnnl.backward(input, epsilon, delta)) {
            return new Pair<>(new DefaultGradient(), delta);
        }
        // [out > 0] as sign(out) (out ≥ 0 here), then × ε: two vectorised passes take 0.5 ms on 1.7 M floats
        // where libnd4j's relu derivative op takes 4 ms on one thread (EltwiseBench); same values
        Nd4j.exec(new Sign(input, delta));
        delta.muli(epsilon);
        return new Pair<>(new DefaultGradient(), delta);
    }
}
