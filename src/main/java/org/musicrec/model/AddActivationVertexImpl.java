package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/** The running vertex of {@link AddActivationVertex}: {@code activation(a + b)}, forward only. */
final class AddActivationVertexImpl extends BaseGraphVertex {
    private final IActivation activation;

    AddActivationVertexImpl(ComputationGraph graph, String name, int vertexIndex, IActivation activation,
                            DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.activation = activation;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Cannot do forward pass in " + vertexName + ": inputs not set");
        }
        INDArray a = inputs[0];
        INDArray b = inputs[1];
        if (!a.equalShapes(b) || a.dataType() != b.dataType()) {
            throw new IllegalStateException(vertexName + ": inputs of different shapes or types " + a.shapeInfoToString()
                    + " / " + b.shapeInfoToString());
        }
        // the output must live in this vertex's ACTIVATIONS workspace: a fresh array, one pass for the sum
        INDArray sum = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, a.dataType(), a.shape(), 'c');
        Nd4j.getExecutioner().exec(new AddOp(a, b, sum));
        return activation.getActivation(sum, training);   // in place
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException(vertexName + " is inference-only (a folded backbone is not trained)");
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException(vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "AddActivationVertex(" + vertexName + ", " + activation + ")";
    }
}
