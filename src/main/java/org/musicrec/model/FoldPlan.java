package org.musicrec.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which vertices of a trained graph, up to one output vertex, become which vertices of the folded
 * inference graph. Read from the graph's configuration (vertex types and inputs), not from names,
 * so it holds for any {@link Backbone}.
 *
 * <p>A {@code ConvolutionLayer} (the plain 2-D class, identity activation) whose only consumer is a
 * {@code BatchNormalization} layer becomes one {@link Fused} step, together with the
 * {@code ActivationLayer} that is the BN's only consumer, if there is one. Every other vertex is
 * copied. A BN that cannot be folded this way makes {@link #of} fail: the folded graph would
 * otherwise silently keep the slow path (or be wrong, if the BN were dropped).
 *
 * @param inputs network inputs the output depends on (names unchanged)
 * @param output the output vertex (name unchanged)
 * @param steps  vertices of the folded graph in topological order
 */
public record FoldPlan(List<String> inputs, String output, List<Step> steps) {

    /** One vertex of the folded graph. */
    public sealed interface Step permits Copy, Fused {
        /** Name of the vertex in the folded graph. */
        String name();
    }

    /** A vertex copied as it is (configuration and parameters). */
    public record Copy(String name) implements Step {
    }

    /**
     * conv → BN (→ activation) as one convolution with bias. It takes the name of the chain's last
     * vertex, so every consumer (and the output) keeps its input names.
     *
     * @param activation the absorbed ActivationLayer, or null
     */
    public record Fused(String conv, String bn, String activation) implements Step {
        @Override
        public String name() {
            return activation != null ? activation : bn;
        }
    }

    public FoldPlan {
        inputs = List.copyOf(inputs);
        steps = List.copyOf(steps);
    }

    /** The plan for {@code graph} up to {@code output}; fails for a BN it cannot fold. */
    public static FoldPlan of(ComputationGraph graph, String output) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputsOf = conf.getVertexInputs();
        if (!vertices.containsKey(output)) {
            throw new IllegalArgumentException("cannot fold: the graph has no vertex '" + output + "'");
        }
        Set<String> needed = ancestors(output, inputsOf);
        Map<String, List<String>> consumers = new HashMap<>();
        for (String v : needed) {
            for (String in : inputsOf.getOrDefault(v, List.of())) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(v);
            }
        }
        List<Step> steps = new ArrayList<>();
        Set<String> absorbed = new HashSet<>();
        for (int idx : graph.topologicalSortOrder()) {
            String name = graph.getVertices()[idx].getVertexName();
            if (!vertices.containsKey(name) || !needed.contains(name) || absorbed.contains(name)) {
                continue;   // a network input, a vertex the output does not need, or part of a fused step
            }
            if (layer(vertices.get(name)) instanceof BatchNormalization) {
                throw new IllegalArgumentException("cannot fold BatchNormalization '" + name + "': its input "
                        + inputsOf.get(name) + " is not one plain ConvolutionLayer (identity activation) used only by it");
            }
            String bn = foldableBn(name, vertices, inputsOf, consumers);
            if (bn == null) {
                steps.add(new Copy(name));
                continue;
            }
            String act = absorbableActivation(bn, vertices, inputsOf, consumers);
            absorbed.add(bn);
            if (act != null) {
                absorbed.add(act);
            }
            steps.add(new Fused(name, bn, act));
        }
        List<String> inputs = conf.getNetworkInputs().stream().filter(needed::contains).toList();
        return new FoldPlan(inputs, output, steps);
    }

    /** The BN that {@code conv} can absorb, or null. */
    private static String foldableBn(String conv, Map<String, GraphVertex> vertices, Map<String, List<String>> inputsOf,
                                     Map<String, List<String>> consumers) {
        // the exact class: subclasses (depthwise, separable, deconvolution, 1-D) lay out their weights differently
        if (!(layer(vertices.get(conv)) instanceof ConvolutionLayer c) || c.getClass() != ConvolutionLayer.class
                || !(c.getActivationFn() instanceof ActivationIdentity)) {
            return null;
        }
        String bn = soleConsumer(conv, consumers);
        return bn != null && layer(vertices.get(bn)) instanceof BatchNormalization && onlyInput(bn, conv, vertices, inputsOf)
                ? bn : null;
    }

    /** The ActivationLayer that is {@code bn}'s only consumer, or null. */
    private static String absorbableActivation(String bn, Map<String, GraphVertex> vertices,
                                               Map<String, List<String>> inputsOf, Map<String, List<String>> consumers) {
        String act = soleConsumer(bn, consumers);
        return act != null && layer(vertices.get(act)) instanceof ActivationLayer && onlyInput(act, bn, vertices, inputsOf)
                ? act : null;
    }

    private static String soleConsumer(String v, Map<String, List<String>> consumers) {
        List<String> c = consumers.getOrDefault(v, List.of());
        return c.size() == 1 ? c.get(0) : null;
    }

    /** {@code v} reads only {@code from}, and without a preprocessor (which the fused layer would skip). */
    private static boolean onlyInput(String v, String from, Map<String, GraphVertex> vertices, Map<String, List<String>> inputsOf) {
        return inputsOf.get(v).equals(List.of(from)) && ((LayerVertex) vertices.get(v)).getPreProcessor() == null;
    }

    private static Layer layer(GraphVertex v) {
        return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    private static Set<String> ancestors(String output, Map<String, List<String>> inputsOf) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(output));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(inputsOf.getOrDefault(v, List.of()));
            }
        }
        return seen;
    }
}
