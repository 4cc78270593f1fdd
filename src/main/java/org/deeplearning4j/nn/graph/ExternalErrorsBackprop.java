package org.deeplearning4j.nn.graph;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.api.FwdPassType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

/**
 * musicrec's bridge into DL4J 1.0.0-M2.1: one training-mode forward pass and a backprop of errors
 * computed outside the graph, through the same workspace-managed path as
 * {@code ComputationGraph.computeGradientAndScore()} (which {@code fit} uses).
 *
 * <p>Why this lives in DL4J's package: the public route, {@code feedForward(inputs, true, false)}
 * then {@code backpropGradient(eps…)}, breaks with workspaces enabled — a 2-d BatchNorm keeps its
 * {@code std} in the forward pass's working-memory workspace, which is closed by the time backprop
 * reads it ("outdated workspace pointer"). The methods that do it right
 * ({@code ffToLayerActivationsInWS}, {@code calcBackpropGradients}) are protected, hence a class in
 * the same package. Re-check this class when upgrading DL4J.
 */
public final class ExternalErrorsBackprop {
    private ExternalErrorsBackprop() {
    }

    /**
     * Forward {@code inputs} in training mode, hand the network outputs (detached copies, in
     * {@code setOutputs} order) to {@code errors}, which returns dLoss/dOutput for each output, and
     * backprop those. Returns the graph's gradient (the flattened gradient view, ready for
     * {@code getUpdater().update(...)}).
     */
    public static Gradient backprop(ComputationGraph g, INDArray[] inputs, Function<INDArray[], INDArray[]> errors) {
        g.synchronizeIterEpochCounts();
        LayerWorkspaceMgr mgr = trainingWorkspaces(g);
        try (MemoryWorkspace all = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            // Output layers are not excluded (there are none): the output vertices need their inputs set.
            var acts = g.ffToLayerActivationsInWS(true, -1, null, FwdPassType.STANDARD, false, inputs, null, null, false);
            INDArray[] eps;
            try (MemoryWorkspace out = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                var outputs = g.getConfiguration().getNetworkOutputs();
                INDArray[] detached = new INDArray[outputs.size()];
                for (int i = 0; i < detached.length; i++) {
                    detached[i] = acts.get(outputs.get(i)).detach();
                }
                eps = errors.apply(detached);
            }
            g.calcBackpropGradients(false, false, eps);
        } finally {
            g.clearLayersStates();
        }
        return g.gradient();
    }

    /**
     * Training-mode forward pass (batch statistics in BN) through the same workspaces as
     * {@link #backprop}, without backprop; returns detached copies of the network outputs. Why not
     * {@code output(true, …)}: that path allocates its own inference-config workspaces, which stay
     * allocated beside the training ones; workspaces are per thread and keyed by name, so a key
     * encoder forwarding here reuses the memory the query encoder's training pass uses next.
     */
    public static INDArray[] trainingForward(ComputationGraph g, INDArray[] inputs) {
        return forwardInTrainingWorkspaces(g, inputs, true);
    }

    /**
     * As {@link #trainingForward}, with BN in inference mode when {@code train} is false: for
     * evaluating during training (validation) without a second set of workspaces.
     */
    public static INDArray[] forwardInTrainingWorkspaces(ComputationGraph g, INDArray[] inputs, boolean train) {
        LayerWorkspaceMgr mgr = trainingWorkspaces(g);
        try (MemoryWorkspace all = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            var acts = g.ffToLayerActivationsInWS(train, -1, null, FwdPassType.STANDARD, false, inputs, null, null, false);
            var outputs = g.getConfiguration().getNetworkOutputs();
            INDArray[] detached = new INDArray[outputs.size()];
            try (MemoryWorkspace out = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                for (int i = 0; i < detached.length; i++) {
                    detached[i] = acts.get(outputs.get(i)).detach();
                }
            }
            return detached;
        } finally {
            g.clearLayersStates();
        }
    }

    private static LayerWorkspaceMgr trainingWorkspaces(ComputationGraph g) {
        LayerWorkspaceMgr mgr;
        if (g.getConfiguration().getTrainingWorkspaceMode() == WorkspaceMode.NONE) {
            mgr = LayerWorkspaceMgr.noWorkspaces();
        } else {
            mgr = LayerWorkspaceMgr.builder()
                    .with(ArrayType.ACTIVATIONS, ComputationGraph.WS_ALL_LAYERS_ACT, ComputationGraph.WS_ALL_LAYERS_ACT_CONFIG)
                    .with(ArrayType.INPUT, ComputationGraph.WS_ALL_LAYERS_ACT, ComputationGraph.WS_ALL_LAYERS_ACT_CONFIG)
                    .with(ArrayType.FF_WORKING_MEM, ComputationGraph.WS_LAYER_WORKING_MEM, g.WS_LAYER_WORKING_MEM_CONFIG)
                    .with(ArrayType.BP_WORKING_MEM, ComputationGraph.WS_LAYER_WORKING_MEM, g.WS_LAYER_WORKING_MEM_CONFIG)
                    .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, ComputationGraph.WS_RNN_LOOP_WORKING_MEM, ComputationGraph.WS_RNN_LOOP_WORKING_MEM_CONFIG)
                    .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, ComputationGraph.WS_RNN_LOOP_WORKING_MEM, ComputationGraph.WS_RNN_LOOP_WORKING_MEM_CONFIG)
                    .with(ArrayType.UPDATER_WORKING_MEM, ComputationGraph.WS_ALL_LAYERS_ACT, ComputationGraph.WS_ALL_LAYERS_ACT_CONFIG)
                    .build();
        }
        mgr.setHelperWorkspacePointers(g.helperWorkspaces);
        return mgr;
    }
}
