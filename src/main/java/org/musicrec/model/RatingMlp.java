package org.musicrec.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The rating model: features (embedding, optionally genre multi-hot) → hidden ReLU layers with
 * dropout → one sigmoid unit predicting stars / rating_scale, trained with MSE.
 * The sigmoid keeps predictions inside the 0–5 star range the user can actually give.
 */
public final class RatingMlp {
    private RatingMlp() {
    }

    public static MultiLayerNetwork build(int inputDim, List<Integer> hidden, double dropout, double learningRate,
                                          long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .list();
        int in = inputDim;
        for (int width : hidden) {
            // DL4J's dropOut(p) takes the probability of KEEPING a unit.
            b.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU)
                    .dropOut(1.0 - dropout).build());
            in = width;
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(1)
                .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build());
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
