package org.musicrec.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.io.AtomicFiles;
import org.musicrec.library.LibraryScan;
import org.musicrec.recommend.TasteModel;
import org.musicrec.train.EncoderCheckpoint;
import org.musicrec.train.EpochMetrics;
import org.musicrec.train.TrainerState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code MODEL_CARD.md}: what the models were trained on, with which settings and versions, how long
 * it took and how well they do — gathered from the checkpoints and the evaluation, so it always
 * describes the models actually on disk.
 */
public final class ModelCard {
    private ModelCard() {
    }

    public static Path write(MusicrecConfig cfg, LibraryScan scan, int cachedSongs, String evaluationSummary)
            throws IOException {
        Workspace ws = Workspace.of(cfg);
        StringBuilder md = new StringBuilder("# musicrec model card\n\n");
        md.append("Written ").append(Instant.now()).append(".\n\n## Data\n\n");
        md.append(String.format(Locale.ROOT, "- library: %s (%s)%n- songs: %d available, %d rated, %d unavailable skipped, %d unusable rows%n- cached (audio decoded): %d%n",
                Workspace.resolve(cfg.library().dbPath()), scan.flavour().name().toLowerCase(Locale.ROOT),
                scan.songs().size(), scan.ratedCount(), scan.unavailable(), scan.problems().size(), cachedSongs));
        md.append("\n## Encoder\n\n");
        if (Files.exists(ws.bestEncoder())) {
            TrainerState st = EncoderCheckpoint.loadState(ws.bestEncoder());
            TrainerState last = Files.exists(ws.encoderDir().resolve("last"))
                    ? EncoderCheckpoint.loadState(ws.encoderDir().resolve("last")) : st;
            double seconds = last.history().stream().mapToDouble(EpochMetrics::seconds).sum();
            md.append(String.format(Locale.ROOT, "- version `%s`, backbone %s%n- epochs run %d, best at epoch %d (validation loss %.4f)%n- training time %.1f min%n- curves: %s%n",
                    st.encoderVersion(), st.backbone(), last.epochsDone(), st.epochsDone(), st.bestValLoss(),
                    seconds / 60, ws.encoderDir().resolve("loss.png")));
        } else {
            md.append("- not trained yet\n");
        }
        md.append("\n## Rating model\n\n");
        if (Files.exists(ws.classifierDir().resolve("taste.json"))) {
            TasteModel.Info i = TasteModel.load(ws.classifierDir()).info();
            md.append(String.format(Locale.ROOT, "- version `%s`, trained on encoder `%s` embeddings (%d-d)%s%n- %d rated songs%n"
                            + "- cross-validated on them: MAE %.2f stars, Spearman %.3f (genre/artist/album means alone: %s)%n"
                            + "- playlists show predictions ± %.1f stars: 80 %% of the held-out ratings fell within that band%n"
                            + "- %s%n- training time %.1f s%n",
                    i.classifierVersion(), i.encoderVersion(), i.embeddingDim(),
                    i.usesDescriptors() ? " and song descriptors (" + i.descriptorAlgorithm() + ")" : "", i.trainSongs(),
                    i.cvMaeStars(), i.cvSpearman(), i.priorAlone(), i.band80Stars(),
                    ClassifierStage.partsLine(i), i.trainSeconds()));
            md.append("\n### What your ratings follow\n\n");
            md.append(i.ratingsFollow().isEmpty() ? "Nothing that held in cross-validation.\n"
                    : "- " + String.join("\n- ", i.ratingsFollow()) + "\n");
        } else {
            md.append("- not trained yet\n");
        }
        md.append("\n## Compared with the baselines\n\n").append(comparison(ws.outputDir().resolve("evaluation.json")));
        if (evaluationSummary != null) {
            md.append("\n## Evaluation\n\n```\n").append(evaluationSummary.strip()).append("\n```\n");
        }
        md.append("\n## Configuration\n\n```yaml\n").append(yaml(cfg)).append("```\n");
        Path out = ws.outputDir().resolve("MODEL_CARD.md");
        AtomicFiles.writeString(out, md.toString());
        return out;
    }

    /**
     * The last evaluation's verdict in words (which metrics the product beats both baselines on, a
     * genre-tags-only recommender and hand-made audio features, and which not), or how to get one.
     */
    static String comparison(Path evaluationJson) {
        if (!Files.isRegularFile(evaluationJson)) {
            return "Not measured yet: `evaluate` compares the model with a genre-tags-only recommender and hand-made"
                    + " audio features (add `--truth` when you know the true taste of unrated songs).\n";
        }
        try {
            var root = new ObjectMapper().readTree(evaluationJson.toFile());
            String verdict = root.path("verdict").asText("").replaceFirst("^Verdict: ", "");
            return "From `evaluate` (" + evaluationJson + ", " + Files.getLastModifiedTime(evaluationJson).toInstant()
                    + "): " + verdict.replace(" beats both baselines on: ", " is better than both baselines on: ")
                    .replace(" / loses on: ", "; not better than the best baseline on: ").replace(" -> ", ". Overall: ")
                    + ".\n";
        } catch (IOException e) {
            return "The last evaluation (" + evaluationJson + ") could not be read: " + e.getMessage() + "\n";
        }
    }

    /**
     * The configuration as YAML. {@code encoder.embedding_dim} is not read by anything (the backbone sets the
     * width), so the card shows the width the model really has instead of the key's default.
     */
    static String yaml(MusicrecConfig cfg) throws IOException {
        String text = new ObjectMapper(new YAMLFactory()).setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .writeValueAsString(cfg).replaceFirst("^---\\s*\\n", "");
        int width = org.musicrec.model.Backbone.named(cfg.encoder().backbone()).embeddingDim();
        return text.replaceFirst("(?m)^(\\s*)embedding_dim: \\d+$",
                "$1embedding_dim: " + width + "  # the " + cfg.encoder().backbone() + " backbone's width");
    }
}
