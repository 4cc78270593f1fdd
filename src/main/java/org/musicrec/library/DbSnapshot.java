package org.musicrec.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A private copy of a player's DB taken at one instant, with its rollback journal or write-ahead log,
 * in a temp folder of our own: SQLite opens the copy, rolls a half-written transaction back (hot
 * journal) or replays the committed part of the log, exactly as after a crash — so we read the last
 * committed state, never half a transaction, whatever locks the player holds, and no file is ever
 * created beside the user's DB (SQLite itself would make {@code -shm}/{@code -wal} files there).
 *
 * <p>"One instant": the files' sizes and modification times are the same before and after the copy;
 * if the player wrote in between, the copy is taken again after a pause. The cost is one read of the
 * DB per command (about a second for a 60 000-song library's DB of ~100 MB).
 */
final class DbSnapshot implements AutoCloseable {
    /** Sidecars that hold committed (WAL) or undo (journal) state; {@code -shm} is rebuilt from the WAL. */
    private static final List<String> SIDECARS = List.of("-wal", "-journal");
    private static final int ATTEMPTS = 12;

    private final Path dir;
    private final Path file;

    private DbSnapshot(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    /** The copy to open (read-write: it is ours, and recovery may need to write it). */
    Path file() {
        return file;
    }

    static DbSnapshot take(Path db, Consumer<String> warnings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("musicrec-db-");
        } catch (IOException e) {
            throw new LibraryException(db + ": cannot make a private copy to read it (temp folder "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + ")", e);
        }
        Path copy = dir.resolve("library.db");
        long pauseMs = 50;
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                List<String> before = state(db);
                copyWithSidecars(db, copy);
                if (before.equals(state(db))) {
                    if (before.get(1 + SIDECARS.indexOf("-journal")) != null) {   // a write was under way
                        warnings.accept(db + " is being written by another program (is the player scanning?);"
                                + " reading its last committed state");
                    }
                    return new DbSnapshot(dir, copy);
                }
                sleep(pauseMs);
                pauseMs = Math.min(2000, pauseMs * 2);
            }
            throw new LibraryException(db + ": it kept changing while being read (" + ATTEMPTS
                    + " tries over ~15 s; is the player scanning the library?); try again when it is done");
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new LibraryException(db + ": cannot read library DB: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    private static void copyWithSidecars(Path db, Path copy) throws IOException {
        copyWritable(db, copy);
        for (String suffix : SIDECARS) {
            Path from = Path.of(db + suffix);
            Path to = Path.of(copy + suffix);
            try {
                copyWritable(from, to);
            } catch (NoSuchFileException gone) {
                Files.deleteIfExists(to);   // not there (or removed by a commit while we copied: the stat check sees it)
            }
        }
    }

    /**
     * A copy we may write: Files.copy keeps the source's mode, and a read-only DB's copy could then neither
     * roll back a hot journal nor open its WAL.
     */
    private static void copyWritable(Path from, Path to) throws IOException {
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!to.toFile().setWritable(true, true)) {
            throw new IOException("cannot make the private copy " + to + " writable");
        }
    }

    /** Size and modification time of the DB and its sidecars (null for one that is not there). */
    private static List<String> state(Path db) throws IOException {
        List<String> s = new ArrayList<>();
        s.add(stat(db));
        for (String suffix : SIDECARS) {
            s.add(stat(Path.of(db + suffix)));
        }
        return s;
    }

    private static String stat(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toInstant() + "#" + Objects.toString(a.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LibraryException("interrupted while waiting for the library DB to settle", e);
        }
    }

    @Override
    public void close() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp folder left behind is harmless; the read itself succeeded or already failed
        }
    }
}
