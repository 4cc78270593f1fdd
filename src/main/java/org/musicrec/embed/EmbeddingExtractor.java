package org.musicrec.embed;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtPostprocess;
import org.musicrec.library.Song;
import org.musicrec.model.FoldedBackbone;
import org.musicrec.progress.Progress;
import org.musicrec.train.ChunkSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes song embeddings with a trained query encoder in inference mode: each cached 30 s chunk
 * → CQT → log-min-max → encoder → pooled embedding; a song's embedding is the mean over its chunks.
 * The encoder runs as a {@link FoldedBackbone} (BN folded into the convolutions, heads dropped),
 * built once when the extractor is made: same embeddings up to float rounding, less work per batch.
 * Only songs that have no embedding of this version yet are computed, and results are committed in
 * batches, so an interrupted run keeps what it finished and the next run picks up the rest.
 */
public final class EmbeddingExtractor {
    /** Counts of one extraction run. */
    public record Summary(int computed, int alreadyPresent, int failed, double seconds, long chunks) {
        public String format() {
            return String.format(java.util.Locale.ROOT,
                    "Embeddings: %d computed, %d already present, %d failed, %.1f s (%.2f songs/s, %.1f chunks/s)",
                    computed, alreadyPresent, failed, seconds, seconds > 0 ? computed / seconds : 0,
                    seconds > 0 ? chunks / seconds : 0);
        }
    }

    private static final int SONGS_PER_COMMIT = 64;

    private final FoldedBackbone encoder;
    private final Cqt cqt;
    private final ChunkSource chunks;
    private final int songsPerBatch;

    /** @param encoder the trained encoder graph; only read (its folded copy is what runs) */
    public EmbeddingExtractor(ComputationGraph encoder, Cqt cqt, ChunkSource chunks, int songsPerBatch) {
        this.encoder = FoldedBackbone.of(encoder);
        this.cqt = cqt;
        this.chunks = chunks;
        this.songsPerBatch = Math.max(1, songsPerBatch);
    }

    public Summary run(List<Song> songs, EmbeddingStore store, String version, Progress progress, PrintStream out)
            throws IOException {
        long t0 = System.nanoTime();
        Set<String> done = store.filenames(version);
        List<Song> todo = songs.stream().filter(s -> !done.contains(key(s))).toList();
        progress.start("embedding", todo.size());
        Map<String, float[]> pending = new LinkedHashMap<>();
        int computed = 0, failed = 0;
        long chunkCount = 0;
        for (int i = 0; i < todo.size(); i += songsPerBatch) {
            List<Song> batch = todo.subList(i, Math.min(todo.size(), i + songsPerBatch));
            List<Song> loaded = new ArrayList<>();
            List<float[][]> audio = new ArrayList<>();
            for (Song s : batch) {
                try {
                    float[][] c = chunks.chunks(s.rowid());
                    audio.add(c);
                    chunkCount += c.length;
                    loaded.add(s);
                } catch (IOException e) {
                    failed++;
                    progress.message("cannot embed " + s.key() + ": " + e.getMessage());
                }
            }
            if (!loaded.isEmpty()) {
                List<float[]> emb = embed(audio);
                for (int j = 0; j < loaded.size(); j++) {
                    pending.put(key(loaded.get(j)), emb.get(j));
                }
                computed += loaded.size();
            }
            for (int j = 0; j < batch.size(); j++) {
                progress.step();
            }
            if (pending.size() >= SONGS_PER_COMMIT) {
                store.putAll(version, pending);
                pending.clear();
            }
        }
        if (!pending.isEmpty()) {
            store.putAll(version, pending);
        }
        return new Summary(computed, songs.size() - todo.size(), failed, (System.nanoTime() - t0) / 1e9, chunkCount);
    }

    /** The store key of a song: its file path, plus its span for a track of an album image ({@link Song#key()}). */
    public static String key(Song s) {
        return s.key();
    }

    /** One song's embedding: the mean of its chunks' embeddings. */
    public float[] embedOne(float[][] chunks) {
        return embed(java.util.Collections.singletonList(chunks)).get(0);
    }

    /** Embeddings of several songs' chunks: one forward pass over all their chunks, then a mean per song. */
    List<float[]> embed(List<float[][]> songsChunks) {
        int total = songsChunks.stream().mapToInt(c -> c.length).sum();
        int len = songsChunks.get(0)[0].length;
        float[][] rows = new float[total][];
        int r = 0;
        for (float[][] c : songsChunks) {
            for (float[] chunk : c) {
                if (chunk.length != len) {
                    throw new IllegalArgumentException("chunks of unequal length: " + chunk.length + " vs " + len);
                }
                rows[r++] = chunk;
            }
        }
        INDArray img = CqtPostprocess.logMinMax(cqt.transform(Nd4j.create(rows).castTo(DataType.FLOAT)));
        INDArray x = img.reshape('c', img.size(0), 1, img.size(1), img.size(2));
        INDArray e = encoder.embed(x);   // [total, E]
        List<float[]> out = new ArrayList<>();
        r = 0;
        for (float[][] c : songsChunks) {
            out.add(e.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r, r + c.length),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).mean(0).toFloatVector());
            r += c.length;
        }
        return out;
    }
}
