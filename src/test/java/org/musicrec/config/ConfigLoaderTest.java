package org.musicrec.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private final ConfigLoader loader = new ConfigLoader();

    private ConfigException failing(String yaml) throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, yaml);
        return assertThrows(ConfigException.class, () -> loader.load(f, Map.of()));
    }

    @Test
    void defaultsAreTheSeeds() {
        MusicrecConfig c = loader.defaults();
        assertEquals(16000, c.audio().sampleRate());
        assertEquals(4, c.audio().numChunks());
        assertEquals(30.0, c.audio().chunkDuration());
        assertEquals(900.0, c.audio().maxDuration());
        assertEquals(84, c.cqt().nBins());
        assertEquals(32.7, c.cqt().fmin());
        assertEquals(512, c.cqt().hopLength());
        assertEquals("resnet50", c.encoder().backbone());
        assertEquals(2048, c.encoder().embeddingDim());
        assertEquals(128, c.encoder().projectionDim());
        assertEquals(4096, c.encoder().queueSize());
        assertEquals(0.999, c.encoder().momentum());
        assertEquals(0.07, c.encoder().temperature());
        assertEquals(0.6, c.encoder().mocoWeight());
        assertEquals(0.4, c.encoder().genreWeight());
        assertEquals(100, c.encoder().epochs());
        assertEquals(128, c.encoder().batchSize());
        assertEquals(3e-4, c.encoder().learningRate());
        assertEquals(1e-4, c.encoder().weightDecay());
        assertEquals(List.of(0.9, 0.999), c.encoder().betas());
        assertEquals(20, c.encoder().earlyStoppingPatience());
        assertEquals(List.of(512, 256, 128), c.classifier().hiddenDims());
        assertEquals(0.3, c.classifier().dropout());
        assertEquals(20, c.classifier().epochs());
        assertEquals(256, c.classifier().batchSize());
        assertEquals(1e-3, c.classifier().learningRate());
        assertEquals(10, c.classifier().earlyStoppingPatience());
        assertEquals(5, c.classifier().ratingScale());
        assertEquals(100, c.recommendations().topN());
        assertEquals(0.6, c.recommendations().minRatingThreshold());
        assertEquals(100, c.recommendations().humanFeedbackUncertain());
        assertEquals(50, c.recommendations().humanFeedbackBest());
        assertEquals(0.8, c.trainSplit());
        assertEquals(42, c.seed());
        assertEquals("int16", c.chunkCache().dtype());
    }

    @Test
    void userFileOverridesOnlyWhatItSays() throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, "encoder:\n  epochs: 5\nseed: 7\n");
        MusicrecConfig c = loader.load(f, Map.of());
        assertEquals(5, c.encoder().epochs());
        assertEquals(7, c.seed());
        assertEquals(128, c.encoder().batchSize());
    }

    @Test
    void environmentOverridesFileAndConfigVariableNamesTheFile() throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, "library:\n  db_path: /from/file.db\n");
        MusicrecConfig c = loader.load(null, Map.of("CONFIG", f.toString()));
        assertEquals("/from/file.db", c.library().dbPath());
        c = loader.load(null, Map.of("CONFIG", f.toString(), "CLEMENTINE_DB_PATH", "/from/env.db",
                "MUSIC_PATH_REMAP", "/old:/new"));
        assertEquals("/from/env.db", c.library().dbPath());
        assertEquals("/old:/new", c.library().musicPathRemap());
    }

    @Test
    void unknownKeyIsNamed() throws Exception {
        assertTrue(failing("encoder:\n  epocs: 5\n").getMessage().contains("unknown key 'encoder.epocs'"));
        assertTrue(failing("colour: blue\n").getMessage().contains("unknown key 'colour'"));
    }

    @Test
    void wrongTypeIsNamed() throws Exception {
        String m = failing("encoder:\n  epochs: lots\n").getMessage();
        assertTrue(m.contains("encoder.epochs") && m.contains("integer"), m);
        m = failing("classifier:\n  hidden_dims: 512\n").getMessage();
        assertTrue(m.contains("classifier.hidden_dims"), m);
        m = failing("encoder:\n  epochs: 2.5\n").getMessage();
        assertTrue(m.contains("encoder.epochs"), m);
    }

    @Test
    void outOfRangeValueIsNamed() throws Exception {
        assertTrue(failing("encoder:\n  momentum: 1.5\n").getMessage().contains("encoder.momentum"));
        assertTrue(failing("train_split: 1.0\n").getMessage().contains("train_split"));
        assertTrue(failing("chunk_cache:\n  dtype: int8\n").getMessage().contains("chunk_cache.dtype"));
        assertTrue(failing("chunk_cache:\n  num_workers: 0\n").getMessage().contains("chunk_cache.num_workers"));
        assertTrue(failing("encoder:\n  queue_size: 1000\n").getMessage().contains("multiple of encoder.batch_size"));
        assertTrue(failing("library:\n  music_path_remap: nocolon\n").getMessage().contains("library.music_path_remap"));
        assertTrue(failing("classifier:\n  knn_neighbours: -1\n").getMessage().contains("classifier.knn_neighbours"));
        assertTrue(failing("classifier:\n  use_mlp: maybe\n").getMessage().contains("classifier.use_mlp"));
        assertTrue(failing("classifier:\n  prior_strength: -1\n").getMessage().contains("classifier.prior_strength"));
        assertTrue(failing("classifier:\n  prior_strength: lots\n").getMessage().contains("classifier.prior_strength"));
        assertTrue(failing("classifier:\n  knn_neighbours: -2\n").getMessage().contains("classifier.knn_neighbours"));
        assertTrue(failing("classifier:\n  weight_decay: -0.1\n").getMessage().contains("classifier.weight_decay"));
    }

    @Test
    void badYamlAndMissingFileAreClear() throws Exception {
        assertTrue(failing("encoder: [unclosed\n").getMessage().contains("not valid YAML"));
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(tmp.resolve("nope.yaml"), Map.of()));
        assertTrue(e.getMessage().contains("does not exist"));
    }
}
