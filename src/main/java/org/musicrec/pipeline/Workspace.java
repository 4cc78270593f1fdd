package org.musicrec.pipeline;

import org.musicrec.config.MusicrecConfig;

import java.nio.file.Path;

/**
 * Where each stage's files live, from {@code paths:} in the config (relative to the current
 * directory, "~/" expanded). One place so that no stage guesses another's layout.
 */
public record Workspace(Path cacheDir, Path modelsDir, Path outputDir) {
    public static Workspace of(MusicrecConfig cfg) {
        return new Workspace(resolve(cfg.paths().cacheDir()), resolve(cfg.paths().modelsDir()),
                resolve(cfg.paths().outputDir()));
    }

    public static Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** Encoder checkpoints (best/, last/), metrics.csv and loss.png. */
    public Path encoderDir() {
        return modelsDir.resolve("encoder");
    }

    public Path bestEncoder() {
        return encoderDir().resolve("best");
    }

    public Path embeddingsDb() {
        return modelsDir.resolve("embeddings.db");
    }

    /**
     * The normalised embedding matrix of {@code version} that {@code similar} memory-maps; derived
     * from embeddings.db and rebuilt from it whenever they disagree. Beside the store, not in the
     * cache folder, whose cleaner removes files it does not know.
     */
    public Path similarityMatrix(String version) {
        String safe = version.replaceAll("[^A-Za-z0-9._-]", "_");
        if (!safe.equals(version)) {
            // Keep distinct versions in distinct files even when their names sanitise alike.
            safe += "-" + Integer.toHexString(version.hashCode());
        }
        return modelsDir.resolve("embeddings-" + safe + ".matrix");
    }

    /** Hand-feature baseline vectors kept by evaluate (apart from embeddings.db: they are no encoder version). */
    public Path handFeaturesDb() {
        return modelsDir.resolve("hand_features.db");
    }

    /** Rating model folder (members, scaler, model.json). */
    /** Each song's descriptors (tempo, key, loudness, …), one row per music file. */
    public Path descriptorsDb() {
        return modelsDir.resolve("descriptors.db");
    }

    public Path classifierDir() {
        return modelsDir.resolve("classifier");
    }
}
