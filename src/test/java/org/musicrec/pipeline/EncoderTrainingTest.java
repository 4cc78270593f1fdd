package org.musicrec.pipeline;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.eval.CosineIndex;
import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.model.EncoderSpec;
import org.musicrec.model.MocoModel;
import org.musicrec.progress.Progress;
import org.musicrec.train.Augmenter;
import org.musicrec.train.EncoderCheckpoint;
import org.musicrec.train.EncoderTrainer;
import org.musicrec.train.TrainerState;
import org.musicrec.train.TrainingSong;
import org.musicrec.train.ViewBatchMaker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderTrainingTest {
    @TempDir
    static Path tmp;

    static SmallLibrary small;

    @BeforeAll
    static void library() throws Exception {
        small = SmallLibrary.create(tmp, 70, 2);
    }

    private EncoderTrainer trainer(Path dir, Progress progress) {
        return trainer(small.cfg, dir, progress);
    }

    private EncoderTrainer trainer(org.musicrec.config.MusicrecConfig cfg, Path dir, Progress progress) {
        var cqt = CqtFactory.create(cfg.cqt(), cfg.audio());
        var aug = new Augmenter(cfg.augment(), cfg.audio().sampleRate(), cfg.encoder().clipSeconds());
        return new EncoderTrainer(cfg, pool -> new ViewBatchMaker(small.lib.cache()::load, pool, aug, cfg.augment(), cqt),
                dir, progress, new PrintStream(new ByteArrayOutputStream()));
    }

    private List<TrainingSong> songs() {
        GenreMapper m = new GenreMapper();
        return small.lib.cachedSongs().stream().map(s -> TrainingSong.of(s, m)).toList();
    }

    private MocoModel fresh() throws Exception {
        return MocoModel.create(EncoderSpec.fromConfig(small.cfg.encoder(), small.cfg.seed()), small.cfg.encoder());
    }

    /** A progress that "kills" the run at a given step, as a crash or Ctrl-C would. */
    private static Progress killAt(int step) {
        return new Progress() {
            int n;

            public void start(String label, long total) {
            }

            public void step() {
                if (++n == step) {
                    throw new IllegalStateException("killed");
                }
            }

            public void message(String line) {
            }

            public void close() {
            }
        };
    }

    @Test
    void resumeGivesBitIdenticalParametersToAnUninterruptedRun() throws Exception {
        // Micro-batches of 2 in batches of 4: the resumed run must also replay the gradient accumulation exactly.
        var cfg = small.cfg.withEncoder(small.cfg.encoder().withMicroBatch(2));
        MocoModel straight = fresh();
        EncoderTrainer.Outcome a = trainer(cfg, tmp.resolve("a"), Progress.silent())
                .train(songs(), straight, TrainerState.fresh("test-enc", "narrow"));
        assertEquals(2, a.state().epochsDone());

        int stepsPerEpoch = (int) Math.round(songs().size() * 0.8) / 4;
        EncoderTrainer interrupted = trainer(cfg, tmp.resolve("b"), killAt(stepsPerEpoch + 2));
        assertThrows(IllegalStateException.class,
                () -> interrupted.train(songs(), fresh(), TrainerState.fresh("test-enc", "narrow")));
        EncoderCheckpoint.Loaded l = EncoderCheckpoint.load(tmp.resolve("b/last"), cfg.encoder());
        assertEquals(1, l.state().epochsDone());
        trainer(cfg, tmp.resolve("b"), Progress.silent()).train(songs(), l.model(), l.state());

        assertArrayEquals(straight.queryEncoder().params().toFloatVector(),
                l.model().queryEncoder().params().toFloatVector(), 0f, "query encoder");
        assertArrayEquals(straight.keyEncoder().params().toFloatVector(),
                l.model().keyEncoder().params().toFloatVector(), 0f, "key encoder");
        assertArrayEquals(straight.queue().array().dup().data().asFloat(), l.model().queue().array().dup().data().asFloat(), 0f);
        assertEquals(Files.readString(tmp.resolve("a/metrics.csv")).lines().map(x -> x.replaceAll(",[^,]*,[^,]*$", "")).toList(),
                Files.readString(tmp.resolve("b/metrics.csv")).lines().map(x -> x.replaceAll(",[^,]*,[^,]*$", "")).toList(),
                "same losses per epoch (timings aside)");
        assertTrue(Files.size(tmp.resolve("a/loss.png")) > 1000);
    }

    @Test
    void shortTrainingBeatsTheUntrainedNetworkOnSameGenreNeighbours() throws Exception {
        MocoModel model = fresh();
        double[] before = genreNeighbourhood(model.queryEncoder().clone());
        var cfg = small.cfg;
        var longer = cfg.withEncoder(cfg.encoder().withTraining("narrow", 10, 4, 16));
        var cqt = CqtFactory.create(cfg.cqt(), cfg.audio());
        var aug = new Augmenter(cfg.augment(), cfg.audio().sampleRate(), cfg.encoder().clipSeconds());
        new EncoderTrainer(longer, pool -> new ViewBatchMaker(small.lib.cache()::load, pool, aug, cfg.augment(), cqt),
                tmp.resolve("learn"), Progress.silent(), new PrintStream(new ByteArrayOutputStream()))
                .train(songs(), model, TrainerState.fresh("test-enc", "narrow"));
        double[] after = genreNeighbourhood(model.queryEncoder());
        String msg = String.format(java.util.Locale.ROOT,
                "same-genre 1-NN rate (other albums) untrained %.3f trained %.3f; cosine margin untrained %.4f trained %.4f",
                before[0], after[0], before[1], after[1]);
        System.out.println(msg);
        // The synthetic genres are so distinct that even random conv features find most same-genre
        // neighbours, so the rate has little room: it must not drop, and the margin between same- and
        // other-genre similarity (continuous, so not at the mercy of one song) must clearly grow.
        assertTrue(after[0] >= before[0], msg);
        assertTrue(after[1] - before[1] > 0.02, msg);
    }

    /**
     * {1-NN rate, cosine margin}: the share of single-category songs whose nearest neighbour (cosine)
     * from another album has the same category, and the mean over songs of (mean cosine to same-genre
     * songs − mean cosine to other-genre songs), other albums only. Same-album neighbours are excluded: they share artist, tempo range and instruments,
     * so even random features find them and the test would not measure genre.
     */
    private double[] genreNeighbourhood(ComputationGraph encoder) throws Exception {
        var cqt = CqtFactory.create(small.cfg.cqt(), small.cfg.audio());
        EmbeddingExtractor ex = new EmbeddingExtractor(encoder, cqt, small.lib.cache()::load, 4);
        GenreMapper m = new GenreMapper();
        List<float[]> emb = new ArrayList<>();
        List<Integer> cat = new ArrayList<>();
        List<String> album = new ArrayList<>();
        for (Song s : small.lib.cachedSongs()) {
            Set<GenreCategory> c = m.categories(s.genre());
            if (c.size() == 1) {
                emb.add(ex.embedOne(small.lib.cache().load(s.rowid())));
                cat.add(c.iterator().next().ordinal());
                album.add(s.artist() + "/" + s.album());
            }
        }
        CosineIndex index = new CosineIndex(emb);
        int hits = 0;
        double margin = 0;
        for (int i = 0; i < emb.size(); i++) {
            String own = album.get(i);
            List<CosineIndex.Hit> nn = index.nearest(i, 1, j -> !album.get(j).equals(own));
            hits += cat.get(nn.get(0).index()).equals(cat.get(i)) ? 1 : 0;
            double same = 0, other = 0;
            int ns = 0, no = 0;
            for (int j = 0; j < emb.size(); j++) {
                if (album.get(j).equals(own)) {
                    continue;
                }
                if (cat.get(j).equals(cat.get(i))) {
                    same += index.cosine(i, j);
                    ns++;
                } else {
                    other += index.cosine(i, j);
                    no++;
                }
            }
            margin += (ns > 0 ? same / ns : 0) - (no > 0 ? other / no : 0);
        }
        return new double[]{hits / (double) emb.size(), margin / emb.size()};
    }
}
