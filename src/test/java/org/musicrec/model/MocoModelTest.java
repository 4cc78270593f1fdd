package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MocoModelTest {
    private static final Backbone TINY = new Backbone("tiny", false, 4, new int[] {1, 1}, new int[] {4, 6});
    private static final EncoderConfig CONFIG = new ConfigLoader().defaults().encoder();

    private static MocoModel model(DataType type, int queueSize) {
        EncoderSpec spec = EncoderSpec.fromConfig(CONFIG, 7).with(TINY, 1, type);
        ComputationGraph q = EncoderGraphFactory.create(spec);
        ComputationGraph k = EncoderGraphFactory.create(spec);
        k.params().assign(q.params());
        return new MocoModel(q, k, new KeyQueue(queueSize, spec.projectionDim(), 3, type), CONFIG.momentum(),
                CONFIG.temperature(), CONFIG.mocoWeight(), CONFIG.genreWeight());
    }

    private static INDArray views(long seed, DataType type, int n) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(new long[] {n, 1, 12, 14}).castTo(type);
    }

    private static INDArray targets(DataType type) {
        return Nd4j.create(new double[][] {{1, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 1, 0, 0},
                {0, 0, 0, 0, 0, 0, 1}}).castTo(type);
    }

    private static double totalLoss(ComputationGraph q, MocoModel m, INDArray x, INDArray k, INDArray t, INDArray mask) {
        Map<String, INDArray> acts = q.feedForward(new INDArray[] {x}, true, true);
        double moco = new InfoNce(CONFIG.temperature()).score(acts.get(EncoderGraphFactory.PROJ), k, m.queue().array());
        double bce = new MaskedBce().score(acts.get(EncoderGraphFactory.GENRE), t, mask);
        return CONFIG.mocoWeight() * moco + CONFIG.genreWeight() * bce;
    }

    @Test
    void externalErrorsGradientMatchesFiniteDifferencesThroughTheWholeGraph() {
        MocoModel m = model(DataType.DOUBLE, 8);
        ComputationGraph q = m.queryEncoder();
        INDArray x = views(1, DataType.DOUBLE, 4);
        INDArray k = m.encodeKeys(views(2, DataType.DOUBLE, 4), 4);
        INDArray t = targets(DataType.DOUBLE);
        INDArray mask = Nd4j.create(new double[] {1, 0, 1, 1});
        MocoModel.Backprop b = m.backprop(x, k, t, mask);
        assertEquals(b.losses().total(), totalLoss(q, m, x, k, t, mask), 1e-12);
        INDArray grad = b.gradient().gradient().dup().reshape(q.numParams());
        INDArray flat = q.params().reshape(q.numParams());   // view
        INDArray trainable = BatchNormLayers.trainableMask(q).reshape(q.numParams());
        Random rnd = new Random(5);
        double h = 1e-6;
        int checked = 0;
        while (checked < 24) {
            int i = rnd.nextInt((int) q.numParams());
            if (trainable.getDouble(i) == 0) {
                continue;
            }
            double p0 = flat.getDouble(i);
            flat.putScalar(i, p0 + h);
            double up = totalLoss(q, m, x, k, t, mask);
            flat.putScalar(i, p0 - h);
            double down = totalLoss(q, m, x, k, t, mask);
            flat.putScalar(i, p0);
            double numeric = (up - down) / (2 * h);
            double analytic = grad.getDouble(i);
            assertEquals(numeric, analytic, 1e-6 + 1e-4 * Math.abs(numeric), "parameter " + i);
            checked++;
        }
    }

    @Test
    void stepUpdatesQueryKeyQueueAndTheKeyEncodersOwnBnStatistics() {
        MocoModel m = model(DataType.FLOAT, 8);
        ComputationGraph q = m.queryEncoder();
        ComputationGraph key = m.keyEncoder();
        INDArray kv = views(2, DataType.FLOAT, 4);
        // The stem conv has no BN before it, so its output on the key views is known in advance.
        INDArray conv1Out = key.feedForward(new INDArray[] {kv}, false, true).get("conv1");
        INDArray bn1Mean = BatchNormLayers.of(key).get(0).mean().dup();
        INDArray bn1Var = BatchNormLayers.of(key).get(0).var().dup();
        INDArray q0 = q.params().dup();
        INDArray queue0 = m.queue().array().dup();

        MocoModel.TrainStepResult r = m.step(views(1, DataType.FLOAT, 4), kv, targets(DataType.FLOAT),
                Nd4j.create(new float[] {1, 0, 1, 1}));

        assertTrue(Double.isFinite(r.total()) && r.moco() > 0 && r.bce() > 0, r.toString());
        assertEquals(CONFIG.mocoWeight() * r.moco() + CONFIG.genreWeight() * r.bce(), r.total(), 1e-9);
        assertTrue(q.params().sub(q0).amaxNumber().doubleValue() > 0, "query parameters did not move");
        assertEquals(1, q.getIterationCount());
        assertEquals(4, m.queue().pointer());
        assertEquals(queue0.getRow(5), m.queue().array().getRow(5));
        assertEquals(1.0, m.queue().array().getRow(0).norm2Number().doubleValue(), 1e-5);
        double d = 0.9;
        INDArray expMean = bn1Mean.mul(d).addi(conv1Out.mean(0, 2, 3).reshape(bn1Mean.shape()).mul(1 - d));
        INDArray expVar = bn1Var.mul(d).addi(conv1Out.var(false, 0, 2, 3).reshape(bn1Var.shape()).mul(1 - d));
        BatchNormLayers.Bn bn1 = BatchNormLayers.of(key).get(0);
        assertTrue(expMean.equalsWithEps(bn1.mean(), 1e-5), expMean + " vs " + bn1.mean());
        assertTrue(expVar.equalsWithEps(bn1.var(), 1e-5), expVar + " vs " + bn1.var());
    }

    /** Keys and the key encoder's BN statistics are the same on the oneDNN chain as through DL4J's layers. */
    @Test
    void keysOnTheOneDnnChainEqualDl4jsKeys() {
        MocoModel chain = model(DataType.FLOAT, 8);
        MocoModel plain;
        System.setProperty(DnnlConvHelper.PROPERTY, "false");
        try {
            plain = model(DataType.FLOAT, 8);
        } finally {
            System.clearProperty(DnnlConvHelper.PROPERTY);
        }
        plain.keyEncoder().params().assign(chain.keyEncoder().params());
        plain.queryEncoder().params().assign(chain.queryEncoder().params());
        for (int round = 0; round < 2; round++) {   // the second round after a momentum update
            INDArray kv = views(10 + round, DataType.FLOAT, 5);
            INDArray a = chain.encodeKeys(kv, 3);   // micro-batches of 3 and 2
            INDArray b = plain.encodeKeys(kv, 3);
            assertTrue(a.equalsWithEps(b, 1e-5), "round " + round + ": " + a + " vs " + b);
            assertTrue(chain.keyEncoder().params().equalsWithEps(plain.keyEncoder().params(), 1e-5),
                    "round " + round + ": key parameters and BN running statistics");
            chain.queryEncoder().params().addi(0.01);
            plain.queryEncoder().params().addi(0.01);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void microBatchedGradientIsTheWholeBatchGradient(DataType type) {
        // A batch of two identical halves: each half's BN batch statistics equal the whole batch's,
        // so per-slice BN is exact here and every gradient entry (BN statistics' pseudo-gradients
        // included) must agree. The mask is uneven across the halves (1 then 2 tagged rows), so BCE
        // slices must be weighted by their tagged rows, not by their size. Double runs DL4J's layers, float
        // the oneDNN training pass (DnnlTraining), whose micro-batches are views into the batch.
        MocoModel m = model(type, 8);
        assertEquals(type == DataType.FLOAT, m.queryPassOnOneDnn());
        INDArray a = views(1, type, 2);
        INDArray x = Nd4j.concat(0, a, a);
        INDArray k2 = InfoNce.normalizeRows(Nd4j.getRandomFactory().getNewRandomInstance(9)
                .nextGaussian(new long[] {2, m.queue().array().size(1)}).castTo(type));
        INDArray k = Nd4j.concat(0, k2, k2);
        INDArray t2 = targets(type).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray t = Nd4j.concat(0, t2, t2);
        INDArray mask = Nd4j.create(new double[] {1, 0, 1, 1}).castTo(type);

        MocoModel.Backprop whole = m.backprop(x, k, t, mask);
        INDArray gWhole = whole.gradient().gradient().dup();
        MocoModel.Backprop micro = m.backprop(x, k, t, mask, 2);
        INDArray gMicro = micro.gradient().gradient().dup();

        double lossTolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertEquals(whole.losses().moco(), micro.losses().moco(), lossTolerance);
        assertEquals(whole.losses().bce(), micro.losses().bce(), lossTolerance);
        assertEquals(whole.losses().total(), micro.losses().total(), lossTolerance);
        double scale = gWhole.amaxNumber().doubleValue();
        assertTrue(scale > 0);
        double diff = gWhole.sub(gMicro).amaxNumber().doubleValue();
        assertTrue(diff <= (type == DataType.DOUBLE ? 1e-9 : 1e-4) * scale, "max |whole - micro| = " + diff + " (max |g| " + scale + ")");
    }

    @Test
    void microBatchedStepEnqueuesTheWholeBatchOnceAndUpdatesOnce() {
        MocoModel m = model(DataType.FLOAT, 8);
        INDArray kv = views(2, DataType.FLOAT, 4);
        m.step(views(1, DataType.FLOAT, 4), kv, targets(DataType.FLOAT), Nd4j.create(new float[] {1, 0, 1, 1}), 2);

        assertEquals(1, m.queryEncoder().getIterationCount());
        assertEquals(4, m.queue().pointer());
        // Training-mode BN uses batch statistics, so the key encoder (unchanged since the step's EMA)
        // reproduces the step's keys slice by slice.
        ComputationGraph key = m.keyEncoder();
        INDArray[] parts = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            INDArray slice = kv.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * i, 2 * i + 2)).dup();
            parts[i] = InfoNce.normalizeRows(key.feedForward(new INDArray[] {slice}, true, true).get(EncoderGraphFactory.PROJ));
        }
        INDArray expected = Nd4j.concat(0, parts);
        INDArray enqueued = m.queue().array().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertTrue(expected.equalsWithEps(enqueued, 1e-5), expected + " vs " + enqueued);
    }

    @Test
    void repeatedStepsOnOneBatchLowerTheGenreLoss() {
        MocoModel m = model(DataType.FLOAT, 8);
        m.setLearningRate(2e-2);
        INDArray x = views(1, DataType.FLOAT, 4);
        INDArray kv = views(2, DataType.FLOAT, 4);
        INDArray t = targets(DataType.FLOAT);
        INDArray mask = Nd4j.create(new float[] {1, 1, 1, 1});
        double first = m.step(x, kv, t, mask).bce();
        double last = first;
        for (int i = 0; i < 8; i++) {
            last = m.step(x, kv, t, mask).bce();
        }
        assertTrue(last < 0.8 * first, "BCE " + first + " -> " + last);
    }

    @Test
    void resumingFromSavedGraphsAndQueueContinuesExactly(@TempDir Path tmp) throws Exception {
        MocoModel a = model(DataType.FLOAT, 8);
        INDArray x = views(1, DataType.FLOAT, 4);
        INDArray kv = views(2, DataType.FLOAT, 4);
        INDArray t = targets(DataType.FLOAT);
        INDArray mask = Nd4j.create(new float[] {1, 0, 1, 1});
        a.step(x, kv, t, mask);
        a.step(kv, x, t, mask);

        File q = tmp.resolve("query.zip").toFile();
        File k = tmp.resolve("key.zip").toFile();
        ModelSerializer.writeModel(a.queryEncoder(), q, true);
        ModelSerializer.writeModel(a.keyEncoder(), k, false);
        KeyQueue queue = new KeyQueue(8, 128, 99, DataType.FLOAT);
        queue.restore(a.queue().array().dup(), a.queue().pointer());
        MocoModel b = new MocoModel(ModelSerializer.restoreComputationGraph(q, true),
                ModelSerializer.restoreComputationGraph(k, false), queue, CONFIG.momentum(), CONFIG.temperature(),
                CONFIG.mocoWeight(), CONFIG.genreWeight());
        assertEquals(2, b.queryEncoder().getIterationCount());   // Adam's bias correction resumes where it was

        MocoModel.TrainStepResult ra = a.step(x, kv, t, mask);
        MocoModel.TrainStepResult rb = b.step(x, kv, t, mask);
        assertEquals(ra, rb);
        assertEquals(a.queryEncoder().params(), b.queryEncoder().params());
        assertEquals(a.keyEncoder().params(), b.keyEncoder().params());
        assertEquals(a.queue().array(), b.queue().array());
    }
}
