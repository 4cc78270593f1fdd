package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.io.AtomicFiles;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryScan;
import org.musicrec.plot.LineChartPng;
import org.musicrec.plot.Series;
import org.musicrec.recommend.RatingFeatures;
import org.musicrec.recommend.RatingModel;
import org.musicrec.train.RatedExample;
import org.musicrec.train.RatingTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Trains the rating model on today's ratings and the embeddings of one encoder version. */
public final class ClassifierStage {
    private ClassifierStage() {
    }

    public static RatingModel run(MusicrecConfig cfg, LibraryScan scan, String version, PrintStream out) throws IOException {
        Workspace ws = Workspace.of(cfg);
        Map<String, float[]> emb;
        try (EmbeddingStore store = EmbeddingStore.open(ws.embeddingsDb())) {
            emb = store.getAll(version);
        }
        if (emb.isEmpty()) {
            throw new IllegalArgumentException("no embeddings of encoder version '" + version + "' in "
                    + ws.embeddingsDb() + " (run the encoder or embed stage first)");
        }
        int dim = emb.values().iterator().next().length;
        RatingFeatures features = new RatingFeatures(new GenreMapper(), cfg.classifier().useGenre());
        List<RatedExample> examples = RatedSongs.of(scan.songs(), emb, features);
        out.printf("Training the rating model on %d rated songs with embeddings (%s, %d-d%s)%n", examples.size(),
                version, dim, cfg.classifier().useGenre() ? " + genre categories" : "");
        RatingTrainer.Result r = new RatingTrainer(cfg.classifier(), cfg.trainSplit(), cfg.seed())
                .train(examples, version, dim);
        r.model().save(ws.classifierDir());
        writeCurve(ws, r.curve());
        RatingModel.Info i = r.model().info();
        out.printf(Locale.ROOT, "Rating model: validation MAE %.2f stars, Spearman %.3f on %d songs (trained on %d) -> %s%n",
                i.validationMaeStars(), i.validationSpearman(), i.validationSongs(), i.trainSongs(), ws.classifierDir());
        return r.model();
    }

    private static void writeCurve(Workspace ws, RatingTrainer.Curve c) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,train_mse,val_mse\n");
        double[] x = new double[c.trainLoss().length];
        for (int e = 0; e < x.length; e++) {
            x[e] = e + 1;
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", e + 1, c.trainLoss()[e], c.validationLoss()[e]));
        }
        AtomicFiles.writeString(ws.classifierDir().resolve("metrics.csv"), sb.toString());
        LineChartPng.write(ws.classifierDir().resolve("loss.png"), "Rating model (ensemble mean)", "epoch",
                "MSE of stars/scale", List.of(new Series("train", x, c.trainLoss()), new Series("validation", x, c.validationLoss())));
    }
}
