package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCardTest {
    @TempDir
    Path tmp;

    @Test
    void theCardSaysInWordsWhereTheBaselinesWon() throws Exception {
        Path json = Files.writeString(tmp.resolve("evaluation.json"), "{\"verdict\": \"Verdict: learned:v1 + descriptors"
                + " beats both baselines on: CV rating MAE (stars) / loses on: NDCG@20 vs truth, precision@20 (>= 4 stars)"
                + " -> not (yet) better than the baselines\"}");
        String words = ModelCard.comparison(json);
        assertTrue(words.contains("learned:v1 + descriptors is better than both baselines on: CV rating MAE (stars);"
                + " not better than the best baseline on: NDCG@20 vs truth, precision@20 (>= 4 stars)."
                + " Overall: not (yet) better than the baselines."), words);
        assertTrue(ModelCard.comparison(tmp.resolve("none.json")).startsWith("Not measured yet"));
    }

    @Test
    void theCardShowsTheWidthTheModelReallyHas() throws Exception {
        var cfg = new org.musicrec.config.ConfigLoader().defaults();
        var narrow = cfg.withEncoder(cfg.encoder().withTraining("narrow", 15, 16, 256));
        String yaml = ModelCard.yaml(narrow);
        assertTrue(yaml.contains("embedding_dim: 256  # the narrow backbone's width"), yaml);
        assertTrue(!yaml.contains("embedding_dim: 2048"), yaml);
    }
}
