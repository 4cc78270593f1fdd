package org.musicrec.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.lang.reflect.Field;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Replaces the platform helper DL4J chose for a kind of layer (its private {@code helper} field) by
 * one of ours. DL4J M2.1 offers no public way to plug a helper in, hence the reflection; if a
 * DL4J version lacks the field, nothing is swapped and DL4J's layers keep working as they are.
 *
 * @param <L> the DL4J layer implementation class holding the {@code helper} field
 */
final class LayerHelperSwap<L extends Layer> {
    private final Class<L> layerClass;
    private final Field helper;

    LayerHelperSwap(Class<L> layerClass) {
        this.layerClass = layerClass;
        this.helper = helperField(layerClass);
    }

    /**
     * In every eligible layer of {@code g}, replaces the current helper by {@code replacement.apply(layer, current)}
     * (null keeps the current one). Idempotent. Returns how many layers now hold a helper of {@code ours}.
     */
    int install(ComputationGraph g, Predicate<L> eligible, BiFunction<L, Object, Object> replacement, Class<?> ours) {
        if (helper == null) {
            return 0;
        }
        int n = 0;
        for (Layer l : g.getLayers()) {
            if (!layerClass.isInstance(l) || !eligible.test(layerClass.cast(l))) {
                continue;
            }
            try {
                Object swapped = replacement.apply(layerClass.cast(l), helper.get(l));
                if (swapped != null) {
                    helper.set(l, swapped);
                }
                if (ours.isInstance(helper.get(l))) {
                    n++;
                }
            } catch (IllegalAccessException e) {
                return n;
            }
        }
        return n;
    }

    private static Field helperField(Class<?> layerClass) {
        try {
            Field f = layerClass.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;   // another DL4J version: leave DL4J's helpers alone
        }
    }
}
