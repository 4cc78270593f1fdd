package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A ReLU layer that overwrites its input instead of copying it, as torchvision's {@code ReLU(inplace=True)}.
 *
 * <p>Why: DL4J's {@link ActivationLayer} copies its input in training so that backprop can see it, and
 * backprop copies it once more before computing the derivative. For ReLU the output tells the derivative
 * just as well ({@code relu(x) > 0 ⇔ x > 0}), so keeping only the output saves one pass and one
 * activation-sized array per layer forward and one pass backward ({@link InPlaceReluLayer}).
 *
 * <p>Only for a ReLU whose input vertex has no other consumer (the BN → ReLU and add → ReLU pairs of
 * {@link ResNetBuilder}): that vertex's activation becomes the ReLU's output. A configuration class of its
 * own so it serialises by class name like any DL4J layer; it has no parameters.
 */
public final class InPlaceRelu extends ActivationLayer {
    public InPlaceRelu() {
        super(new ActivationLayer.Builder().activation(Activation.RELU));
    }

    @Override
    public InPlaceRelu clone() {
        return (InPlaceRelu) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        InPlaceReluLayer ret = new InPlaceReluLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }
}
