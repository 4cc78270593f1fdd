package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryScan;
import org.musicrec.recommend.PlaylistFiles;
import org.musicrec.recommend.Recommendations;
import org.musicrec.recommend.RecommendationsText;
import org.musicrec.recommend.Recommender;
import org.musicrec.recommend.TasteModel;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Scores the unrated songs with the trained rating model and writes the playlists. */
public final class RecommendStage {
    private RecommendStage() {
    }

    public static Recommendations run(MusicrecConfig cfg, LibraryScan scan, String version, PrintStream out)
            throws IOException {
        Workspace ws = Workspace.of(cfg);
        TasteModel model = TasteModel.load(ws.classifierDir());
        String trainedOn = model.info().encoderVersion();
        if (!trainedOn.equals(version)) {
            throw new IllegalArgumentException("the rating model in " + ws.classifierDir() + " was trained on embeddings of encoder '"
                    + trainedOn + "', but this run uses '" + version + "': its predictions would be meaningless. "
                    + "Run the classifier stage again (or pass --encoder-version " + trainedOn + ")");
        }
        Map<String, float[]> emb;
        try (EmbeddingStore store = EmbeddingStore.openExisting(ws.embeddingsDb())) {
            emb = store.getAll(version);
        }
        if (!emb.isEmpty() && emb.values().iterator().next().length != model.info().embeddingDim()) {
            throw new IllegalArgumentException("embeddings of '" + version + "' have dimension "
                    + emb.values().iterator().next().length + ", the rating model expects " + model.info().embeddingDim());
        }
        LibraryDescriptors desc = model.info().usesDescriptors()
                ? LibraryDescriptors.load(ws, scan.songs(), new GenreMapper()) : null;
        if (model.info().usesDescriptors() && desc == null) {
            throw new IllegalArgumentException("the rating model in " + ws.classifierDir() + " uses song descriptors, but "
                    + ws.descriptorsDb() + " holds none of algorithm " + SongDescriptors.ALGORITHM
                    + ": run the embed stage (it computes them), then recommend again");
        }
        Recommender rec = new Recommender(cfg.recommendations());
        Recommendations r = rec.recommend(scan.songs(), emb, desc == null ? Map.of() : desc.byPath(), model);
        var dir = ws.outputDir();
        org.musicrec.io.AtomicFiles.removeStaleTemps(dir);   // litter of a run that was killed while writing
        RecommendationsText.write(dir.resolve("recommendations.txt"), r);
        for (PlaylistFiles.Written w : List.of(
                PlaylistFiles.write(dir, "best", "musicrec: best for you", r.best()),
                PlaylistFiles.write(dir, "help", "musicrec: rate these to teach me", r.help()))) {
            if (!w.note().isEmpty()) {
                out.println(w.note());
            }
        }
        out.printf("Recommendations: %d of %d scored unrated songs at >= %.1f stars (%d unrated songs without embeddings); "
                        + "best playlist %d, help playlist %d -> %s%n", r.recommended().size(), r.scored(),
                cfg.recommendations().minRatingThreshold() * model.info().ratingScale(), r.noEmbedding(),
                r.best().size(), r.help().size(), dir);
        return r;
    }
}
