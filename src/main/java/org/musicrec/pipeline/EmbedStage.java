package org.musicrec.pipeline;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.progress.Progress;
import org.musicrec.recommend.EmbeddingMatrixLoader;
import org.musicrec.train.EncoderCheckpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Embeds the cached songs that lack an embedding of the checkpoint's encoder version, then computes missing descriptors. */
public final class EmbedStage {
    /** Songs whose chunks go through the network together (4 chunks each). */
    public static final int SONGS_PER_BATCH = 4;

    private EmbedStage() {
    }

    /**
     * @param checkpoint encoder checkpoint folder (its query encoder is used)
     * @param recompute  drop this version's embeddings first (the encoder was retrained)
     */
    public static EmbeddingExtractor.Summary run(MusicrecConfig cfg, CachedLibrary lib, Path checkpoint,
                                                 boolean recompute, PrintStream out) throws IOException {
        Workspace ws = Workspace.of(cfg);
        String version = EncoderCheckpoint.loadState(checkpoint).encoderVersion();
        ComputationGraph encoder = EncoderCheckpoint.loadQueryEncoder(checkpoint);
        EmbeddingExtractor extractor = new EmbeddingExtractor(encoder, CqtFactory.create(cfg.cqt(), cfg.audio()),
                lib.cache()::load, SONGS_PER_BATCH);
        EmbeddingExtractor.Summary summary;
        try (EmbeddingStore store = EmbeddingStore.open(ws.embeddingsDb());
             Progress progress = Progress.forConsole("songs")) {
            if (recompute) {
                store.removeVersion(version);
            }
            int other = store.claim(version, EncoderCheckpoint.id(checkpoint));
            if (other > 0) {
                out.printf("Embeddings: %d vectors of version %s came from another checkpoint than %s; embedding"
                        + " every song again so the version holds one model's vectors%n", other, version, checkpoint);
            }
            EmbeddingExtractor.Summary s = extractor.run(lib.cachedSongs(), store, version, progress, out);
            out.println(s.format() + " -> " + ws.embeddingsDb() + " (version " + version + ")");
            summary = s;
        }
        EmbeddingMatrixLoader.refreshIfPresent(ws.embeddingsDb(), ws.similarityMatrix(version), version, out);
        DescriptorStage.run(cfg, lib, out);   // the songs' tempo, key, loudness, …: only those that lack them
        return summary;
    }
}
