package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** What the tests comparing oneDNN/musicrec helpers with DL4J's built-in layers share. */
final class HelperComparisons {
    private HelperComparisons() {
    }

    /**
     * Builds with DL4J's layer helpers on or off: DL4J decides per layer at construction from the
     * {@link OneDnnHelpers#PROPERTY} system property, which is restored afterwards.
     */
    static <T> T withHelpers(boolean on, Supplier<T> build) {
        String old = System.getProperty(OneDnnHelpers.PROPERTY);
        try {
            System.setProperty(OneDnnHelpers.PROPERTY, on ? "false" : "true");
            return build.get();
        } finally {
            if (old == null) {
                System.clearProperty(OneDnnHelpers.PROPERTY);
            } else {
                System.setProperty(OneDnnHelpers.PROPERTY, old);
            }
        }
    }

    /** Detached copies, sorted by name (gradient views are overwritten by the next backprop). */
    static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /** ‖a − b‖ / ‖b‖. */
    static double relDiff(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / Math.max(1e-12, b.norm2Number().doubleValue());
    }

    /** A copy of {@code conf} with every {@link InPlaceRelu} replaced by DL4J's own ReLU {@link ActivationLayer}. */
    static ComputationGraphConfiguration withDl4jRelu(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = conf.clone();
        for (var v : c.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof InPlaceRelu r) {
                ActivationLayer plain = new ActivationLayer.Builder().activation(Activation.RELU).build();
                plain.setLayerName(r.getLayerName());
                lv.getLayerConf().setLayer(plain);
            }
        }
        return c;
    }
}
