package org.musicrec.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.musicrec.config.EncoderConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.io.AtomicDirectory;
import org.musicrec.io.ModelZipGuard;
import org.musicrec.io.Npy;
import org.musicrec.model.KeyQueue;
import org.musicrec.model.MocoModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An encoder checkpoint folder: {@code query.zip} (query encoder with its Adam state),
 * {@code key.zip} (momentum encoder, its own BN statistics), {@code queue.npy} + pointer,
 * {@code state.json} (epoch, step, early-stopping state, history, encoder_version),
 * {@code config.json} (the configuration it was trained with) and {@code checkpoint_id.txt} (a random id
 * of this very save: embeddings record it, so vectors of two models never share a version name).
 * Written atomically.
 */
public final class EncoderCheckpoint {
    public static final String QUERY = "query.zip";
    private static final String ID = "checkpoint_id.txt";

    /** A restored checkpoint. */
    public record Loaded(MocoModel model, TrainerState state) {
    }

    private record QueueState(int pointer) {
    }

    private EncoderCheckpoint() {
    }

    private static ObjectMapper json() {
        // NaN/Infinity can appear in metrics of degenerate runs; they must round-trip.
        return new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    public static void save(Path dir, MocoModel m, TrainerState state, MusicrecConfig cfg) throws IOException {
        AtomicDirectory.write(dir, tmp -> {
            ModelSerializer.writeModel(m.queryEncoder(), tmp.resolve(QUERY).toFile(), true);
            ModelSerializer.writeModel(m.keyEncoder(), tmp.resolve("key.zip").toFile(), false);
            float[] q = m.queue().array().castTo(DataType.FLOAT).dup('c').data().asFloat();
            Npy.write(tmp.resolve("queue.npy"), Npy.ofFloats(q, m.queue().size(), (int) m.queue().array().size(1)));
            json().writeValue(tmp.resolve("queue.json").toFile(), new QueueState(m.queue().pointer()));
            json().writeValue(tmp.resolve("state.json").toFile(), state);
            json().writeValue(tmp.resolve("config.json").toFile(), cfg);
            Files.writeString(tmp.resolve(ID), java.util.UUID.randomUUID() + "\n");
        });
        // DL4J's writer copies arrays (views such as the updater state) into fresh off-heap buffers that are freed
        // only when the GC collects their Java wrappers; training allocates little heap, so without a collection
        // each checkpoint left ~200 MB (ResNet-50) resident until JavaCPP's byte limit forced one.
        System.gc();
    }

    public static Loaded load(Path target, EncoderConfig c) throws IOException {
        Path dir = folder(target);
        ComputationGraph query = restore(dir.resolve(QUERY), true);
        ComputationGraph key = restore(dir.resolve("key.zip"), false);
        Npy.Array qa = Npy.read(dir.resolve("queue.npy"));
        int pointer = json().readValue(dir.resolve("queue.json").toFile(), QueueState.class).pointer();
        KeyQueue queue = new KeyQueue(qa.shape()[0], qa.shape()[1], 0, DataType.FLOAT);
        queue.restore(Nd4j.create(qa.toFloats(), new long[]{qa.shape()[0], qa.shape()[1]}, 'c'), pointer);
        TrainerState state = json().readValue(dir.resolve("state.json").toFile(), TrainerState.class);
        MocoModel m = new MocoModel(query, key, queue, c.momentum(), c.temperature(), c.mocoWeight(), c.genreWeight());
        return new Loaded(m, state);
    }

    /** Only the query encoder (for embedding extraction) and the checkpoint's state. */
    public static ComputationGraph loadQueryEncoder(Path target) throws IOException {
        return restore(folder(target).resolve(QUERY), false);
    }

    /** DL4J's loader, after {@link ModelZipGuard} found the file safe to give it. */
    private static ComputationGraph restore(Path zip, boolean withUpdater) throws IOException {
        ModelZipGuard.standard().check(zip, "encoder checkpoint");
        return ModelSerializer.restoreComputationGraph(zip.toFile(), withUpdater);
    }

    /**
     * What identifies the weights of this checkpoint: the id written when it was saved, or for a checkpoint
     * saved before ids existed, the SHA-256 of its query encoder file.
     */
    public static String id(Path target) throws IOException {
        Path dir = folder(target);
        Path idFile = dir.resolve(ID);
        if (Files.isRegularFile(idFile)) {
            return Files.readString(idFile).strip();
        }
        try (var in = Files.newInputStream(dir.resolve(QUERY))) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static TrainerState loadState(Path target) throws IOException {
        return json().readValue(folder(target).resolve("state.json").toFile(), TrainerState.class);
    }

    private static Path folder(Path target) throws IOException {
        Path dir = AtomicDirectory.readable(target);
        if (dir == null || !Files.isRegularFile(dir.resolve(QUERY))) {
            throw new IOException(target + ": not an encoder checkpoint (no " + QUERY + "; train with the encoder stage)");
        }
        return dir;
    }
}
