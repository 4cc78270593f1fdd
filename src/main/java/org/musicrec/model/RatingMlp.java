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
 * The rating model's audio part: features (embedding, optionally genre multi-hot) → hidden ReLU
 * layers with dropout → one linear unit predicting (stars − prior) / rating_scale, trained with MSE.
 * The output layer starts at zero, so an untrained (or early-stopped at epoch 0) network predicts
 * the prior exactly: with few ratings the MLP can only add to what the tags already say, never
 * start from noise. The caller clamps prior + correction to the star range.
 */
public final class RatingMlp {
    private RatingMlp() {
    }

    public static MultiLayerNetwork build(int inputDim, List<Integer> hidden, double dropout, double learningRate,
                                          double weightDecay, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .l2(weightDecay)
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
                .activation(Activation.IDENTITY).weightInit(WeightInit.ZERO).build());
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
