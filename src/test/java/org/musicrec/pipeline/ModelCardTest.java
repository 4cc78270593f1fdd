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
}
