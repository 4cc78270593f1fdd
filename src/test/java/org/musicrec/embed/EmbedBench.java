package org.musicrec.embed;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;
import org.musicrec.model.EncoderGraphFactory;
import org.musicrec.model.EncoderSpec;
import org.musicrec.model.OneDnnHelpers;
import org.musicrec.pipeline.EmbedStage;
import org.musicrec.progress.Progress;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Manual benchmark (not a test): the embedding stage's own path ({@link EmbeddingExtractor}: CQT of
 * each 30 s chunk, encoder in inference mode, mean per song, SQLite commits) with an untrained
 * encoder of the given backbone, on random audio held in memory (so cache reads are not timed),
 * songs batched as {@link EmbedStage} does. One warm-up song first, then SONGS songs.
 * {@code java -cp … org.musicrec.embed.EmbedBench BACKBONE SONGS}
 */
public final class EmbedBench {
    public static void main(String[] a) throws Exception {
        String backbone = a[0];
        int n = Integer.parseInt(a[1]);
        OneDnnHelpers.enable();
        org.musicrec.model.EngineThreads.configure();   // as the CLI does
        MusicrecConfig cfg = new ConfigLoader().defaults();
        EncoderConfig enc = cfg.encoder().withTraining(backbone, 1, cfg.encoder().batchSize(), cfg.encoder().queueSize());
        ComputationGraph g = EncoderGraphFactory.create(EncoderSpec.fromConfig(enc, 1));
        int len = (int) Math.round(cfg.audio().sampleRate() * cfg.audio().chunkDuration());
        int chunksPerSong = cfg.audio().numChunks();
        EmbeddingExtractor ex = new EmbeddingExtractor(g, CqtFactory.create(cfg.cqt(), cfg.audio()), rowid -> {
            SplittableRandom r = new SplittableRandom(rowid);
            float[][] c = new float[chunksPerSong][len];
            for (float[] chunk : c) {
                for (int i = 0; i < len; i++) {
                    chunk[i] = (float) (r.nextDouble() * 2 - 1);
                }
            }
            return c;
        }, EmbedStage.SONGS_PER_BATCH);
        Path dir = Files.createTempDirectory("embed-bench");
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (EmbeddingStore store = EmbeddingStore.open(dir.resolve("embeddings.db"))) {
            ex.run(songs(0, EmbedStage.SONGS_PER_BATCH), store, "warm-up", Progress.silent(), quiet);
            EmbeddingExtractor.Summary s = ex.run(songs(1000, n), store, "bench", Progress.silent(), quiet);
            System.out.printf(Locale.ROOT, "RESULT embed %s songs=%d chunks=%d (%d x %d s) %.1f s -> %.2f chunks/s, %.2f songs/s load=%s%n",
                    backbone, s.computed(), s.chunks(), chunksPerSong, (int) cfg.audio().chunkDuration(), s.seconds(),
                    s.chunks() / s.seconds(), s.computed() / s.seconds(), Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    private static List<Song> songs(int from, int n) {
        List<Song> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Path p = Path.of("/bench/s" + i + ".mp3");
            out.add(new Song(i, "t" + i, "a", "x", 0, -1, "", FileUrls.toUrl(p), p, 0, 0, 200));
        }
        return out;
    }
}
