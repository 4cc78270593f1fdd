package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.io.AtomicFiles;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;
import org.musicrec.plot.LineChartPng;
import org.musicrec.plot.Series;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.VectorCentre;
import org.musicrec.train.RatingTrainer;
import org.musicrec.train.TasteTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Trains the rating model on today's ratings, the embeddings of one encoder version and the songs' descriptors. */
public final class ClassifierStage {
    private ClassifierStage() {
    }

    public static TasteModel run(MusicrecConfig cfg, LibraryScan scan, String version, PrintStream out) throws IOException {
        Workspace ws = Workspace.of(cfg);
        Map<String, float[]> emb;
        try (EmbeddingStore store = EmbeddingStore.openExisting(ws.embeddingsDb())) {
            emb = store.getAll(version);
        }
        if (emb.isEmpty()) {
            throw new IllegalArgumentException("no embeddings of encoder version '" + version + "' in "
                    + ws.embeddingsDb() + " (run the encoder or embed stage first)");
        }
        int dim = emb.values().iterator().next().length;
        List<Song> rated = RatedSongs.of(scan.songs(), emb);
        var c = cfg.classifier();
        GenreMapper mapper = new GenreMapper();
        LibraryDescriptors desc = c.useDescriptors() ? LibraryDescriptors.load(ws, scan.songs(), mapper) : null;
        if (c.useDescriptors() && desc == null) {
            out.println("No song descriptors in " + ws.descriptorsDb() + " yet (the embed and update stages compute them): "
                    + "training without tempo, key, loudness and brightness");
        }
        out.printf("Training the rating model on %d rated songs (%s, %d-d%s%s; %s%s)%n", rated.size(), version, dim,
                c.useGenre() ? " + genre categories" : "",
                desc == null ? "" : ", descriptors of " + desc.count(rated) + " of them",
                c.usePrior() ? "prior: genre/artist/album means, k = " + c.priorStrength() : "prior: global mean",
                c.knnNeighbours() > 0 ? ", " + c.knnNeighbours() + " nearest rated songs" : "");
        TasteTrainer.Result r = new TasteTrainer(c, cfg.trainSplit(), cfg.seed(), mapper).train(rated,
                s -> emb.get(EmbeddingExtractor.key(s)), VectorCentre.of(emb.values()),
                desc == null ? null : desc::of, desc == null ? null : desc.features(), version);
        r.model().save(ws.classifierDir());
        r.notes().forEach(out::println);
        if (c.usePrior()) {
            double[] k = r.model().prior().k();
            out.printf(Locale.ROOT, "Prior pseudo-counts: genre %.1f, artist %.1f, album %.1f (%s; 1000 = that tag tells nothing here)%n",
                    k[0], k[1], k[2], c.priorStrength().equals("auto") ? "estimated from your ratings" : "configured");
        }
        TasteModel.Info i = r.model().info();
        out.println(partsLine(i));
        out.println(ratingsFollow(i));
        if (r.curve() != null) {   // the saved folder is new: a loss curve only when an MLP was trained
            writeCurve(ws, r.curve(), i.ratingScale());
        }
        out.printf(Locale.ROOT, "Rating model: cross-validated MAE %.2f stars, Spearman %.3f on your %d ratings "
                        + "(your genre/artist/album means alone: %s) -> %s%n",
                i.cvMaeStars(), i.cvSpearman(), i.trainSongs(), i.priorAlone(), ws.classifierDir());
        out.printf(Locale.ROOT, "Playlists show predictions ± %.1f stars: 80 %% of your held-out ratings fell within"
                + " that band in cross-validation%n", i.band80Stars());
        return r.model();
    }

    /** "Parts (weights by cross-validation on your ratings): descriptors 0.82, embedding 0.10, neighbours 0, mlp 0.11". */
    static String partsLine(TasteModel.Info i) {
        StringBuilder sb = new StringBuilder("Parts, weighted by cross-validation on your ratings (MAE of prior + part alone):");
        for (int j = 0; j < i.parts().size(); j++) {
            sb.append(String.format(Locale.ROOT, "%s %s %.2f (%.2f)", j == 0 ? "" : ",", i.parts().get(j), i.weights().get(j),
                    i.partCvMaeStars().get(j)));
        }
        return sb.toString();
    }

    /** "Your ratings follow: …" as lines, or that nothing passed the cross-validation. */
    static String ratingsFollow(TasteModel.Info i) {
        if (i.ratingsFollow().isEmpty()) {
            return "Your ratings follow: nothing that held in cross-validation (tempo, key, loudness, brightness, "
                    + "genre, ... were tried)" + (i.usesDescriptors() ? "" : "; no descriptors yet, genre only");
        }
        return "Your ratings follow:" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", i.ratingsFollow());
    }

    private static void writeCurve(Workspace ws, RatingTrainer.Curve c, int ratingScale) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,train_mse,val_mse\n");
        double[] x = new double[c.trainLoss().length];
        for (int e = 0; e < x.length; e++) {
            x[e] = e + 1;
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", e + 1, c.trainLoss()[e], c.validationLoss()[e]));
        }
        AtomicFiles.writeString(ws.classifierDir().resolve("metrics.csv"), sb.toString());
        // in stars (RMSE), the unit the user rates in; the MLP trains on stars/scale
        double[] train = new double[x.length], val = new double[x.length];
        int lowest = 0;
        for (int e = 0; e < x.length; e++) {
            train[e] = Math.sqrt(c.trainLoss()[e]) * ratingScale;
            val[e] = Math.sqrt(c.validationLoss()[e]) * ratingScale;
            lowest = Double.isFinite(val[e]) && !(val[e] >= val[lowest]) ? e : lowest;
        }
        LineChartPng.write(ws.classifierDir().resolve("loss.png"), "Rating model's MLP part (ensemble mean)", "epoch",
                "RMSE (stars)", List.of(new Series("train", x, train), new Series("validation", x, val)),
                new LineChartPng.Options(true, lowest + 1, "lowest validation: epoch " + (lowest + 1),
                        List.of("Each member keeps the weights", "of its own lowest-validation", "epoch (early stopping).")));
    }
}
