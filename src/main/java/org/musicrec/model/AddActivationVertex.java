package org.musicrec.model;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;

/**
 * Configuration of an inference-only vertex {@code activation(a + b)}: a residual add and the
 * activation after it in one vertex. DL4J's {@code ElementWiseVertex} Add copies its first input and
 * adds the second (two passes), then the {@code ActivationLayer} copies the sum and applies the
 * activation (two more); this writes {@code a + b} into one fresh array (one pass) and applies the
 * activation to it in place. (Adding into an input's array instead is not allowed: DL4J's inference
 * keeps each vertex's output in the workspace it assigned to that vertex, and checks it.)
 * Built by {@link FoldedBackbone}; forward only ({@link AddActivationVertexImpl}).
 */
public final class AddActivationVertex extends GraphVertex {
    private final IActivation activation;

    /** @param activation applied to the sum */
    public AddActivationVertex(IActivation activation) {
        this.activation = activation;
    }

    public IActivation activation() {
        return activation;
    }

    @Override
    public GraphVertex clone() {
        return new AddActivationVertex(activation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddActivationVertex v && v.activation.equals(activation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(activation);
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new AddActivationVertexImpl(graph, name, idx, activation, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];   // same shapes in, same shape out (checked at run time)
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, AddActivationVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
