package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.io.AtomicFiles;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryScan;
import org.musicrec.plot.LineChartPng;
import org.musicrec.plot.Series;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.library.Song;
import org.musicrec.recommend.RatingModel;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.VectorCentre;
import org.musicrec.train.RatingTrainer;
import org.musicrec.train.TasteTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Trains the rating model on today's ratings and the embeddings of one encoder version. */
public final class ClassifierStage {
    private ClassifierStage() {
    }

    public static TasteModel run(MusicrecConfig cfg, LibraryScan scan, String version, PrintStream out) throws IOException {
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
        List<Song> rated = RatedSongs.of(scan.songs(), emb);
        var c = cfg.classifier();
        out.printf("Training the rating model on %d rated songs with embeddings (%s, %d-d%s; %s%s)%n", rated.size(),
                version, dim, c.useGenre() ? " + genre categories" : "",
                c.usePrior() ? "prior: genre/artist/album means, k = " + c.priorStrength() : "prior: global mean",
                c.knnNeighbours() > 0 ? ", " + c.knnNeighbours() + " nearest rated songs" : "");
        TasteTrainer.Result r = new TasteTrainer(c, cfg.trainSplit(), cfg.seed(), new GenreMapper())
                .train(rated, s -> emb.get(EmbeddingExtractor.key(s)), VectorCentre.of(emb.values()), version);
        r.model().save(ws.classifierDir());
        if (c.usePrior()) {
            double[] k = r.model().prior().k();
            out.printf(Locale.ROOT, "Prior pseudo-counts: genre %.1f, artist %.1f, album %.1f (%s; 1000 = that tag tells nothing here)%n",
                    k[0], k[1], k[2], c.priorStrength().equals("auto") ? "estimated from your ratings" : "configured");
        }
        writeCurve(ws, r.curve());
        RatingModel.Info i = r.model().info();
        out.printf(Locale.ROOT, "Rating model (prior + MLP): validation MAE %.2f stars, Spearman %.3f on %d songs (trained on %d) -> %s%n",
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
