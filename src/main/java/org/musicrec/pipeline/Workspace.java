package org.musicrec.pipeline;

import org.musicrec.config.ConfigException;
import org.musicrec.config.MusicrecConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Refuses working folders inside a folder the player scans: musicrec never writes beside the user's
     * music (the player would list our playlists and files as part of the library, and a user cleaning
     * up their music would delete hours of work). A run started from the music folder stops here.
     *
     * @throws ConfigException naming the key, the folder and what to do
     */
    public void checkOutside(List<Path> musicFolders) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("paths.cache_dir", cacheDir);
        dirs.put("paths.models_dir", modelsDir);
        dirs.put("paths.output_dir", outputDir);
        for (Path music : musicFolders) {
            for (Map.Entry<String, Path> d : dirs.entrySet()) {
                if (real(d.getValue()).startsWith(real(music))) {
                    throw new ConfigException(d.getKey() + " " + d.getValue() + " is inside the music folder " + music
                            + " that the player scans; musicrec never writes beside your music. Run it from another"
                            + " folder, or point paths.cache_dir, paths.models_dir and paths.output_dir elsewhere"
                            + " (a --config file; --cache-dir for the cache)");
                }
            }
        }
    }

    /** The real path of the deepest existing ancestor, with the rest appended (symlinked music folders). */
    private static Path real(Path p) {
        Path existing = p.toAbsolutePath().normalize();
        Path rest = Path.of("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            return existing == null ? p : existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
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

    /** Each song's descriptors (tempo, key, loudness, …), one row per music file. */
    public Path descriptorsDb() {
        return modelsDir.resolve("descriptors.db");
    }

    /** Rating model folder (members, scaler, model.json). */
    public Path classifierDir() {
        return modelsDir.resolve("classifier");
    }
}
