package org.musicrec.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where the cache keeps things: {@code <dir>/index.db} and {@code <dir>/chunks/<shard>/<rowid>-<hash>.npy}.
 * The hash (of the song's key: its path, and its span for a track of an album image) makes a renamed file
 * a new cache file; the two-hex-digit shard (the hash's first byte) keeps folders at a few hundred files
 * for a 60 000-song library.
 * The name patterns let stats and clear-cache recognise exactly the files the cache created.
 */
public record CacheLayout(Path dir) {
    public static final String INDEX = "index.db";
    public static final String CHUNKS = "chunks";
    public static final String LOCK = ".lock";
    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern CHUNK_FILE = Pattern.compile("\\d+-[0-9a-f]{12}\\.npy");
    /** {@link org.musicrec.io.AtomicFiles}' in-flight names for our files. */
    private static final Pattern TEMP_FILE = Pattern.compile("\\.(\\d+-[0-9a-f]{12}\\.npy|index\\.db)\\.\\d+\\.\\d+\\.tmp");

    public CacheLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path index() {
        return dir.resolve(INDEX);
    }

    /** Held (OS file lock) while a build or clear runs. */
    public Path lockFile() {
        return dir.resolve(LOCK);
    }

    public Path chunksDir() {
        return dir.resolve(CHUNKS);
    }

    /**
     * The cache file's name relative to {@link #dir()}, e.g. "chunks/3f/42-3fa9c01b22de.npy".
     *
     * @param songKey the song's {@link org.musicrec.library.Song#key() key}: a whole file's path, so its
     *                name is the one it always had
     */
    public String relativeFileFor(long songId, String songKey) {
        String hash = hash(songKey);
        return CHUNKS + "/" + hash.substring(0, 2) + "/" + songId + "-" + hash + ".npy";
    }

    public Path resolve(String relative) {
        return dir.resolve(relative);
    }

    static boolean isShardDir(Path p) {
        return SHARD.matcher(p.getFileName().toString()).matches();
    }

    static boolean isChunkFile(Path p) {
        return CHUNK_FILE.matcher(p.getFileName().toString()).matches();
    }

    static boolean isTempFile(Path p) {
        return TEMP_FILE.matcher(p.getFileName().toString()).matches();
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
