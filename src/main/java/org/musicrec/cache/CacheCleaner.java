package org.musicrec.cache;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes a chunk cache: only the files the cache made (its index, its chunk files, temp files of
 * its interrupted writes), then the folders it made if they are empty. Anything else in the folder
 * is left alone. The CLI asks for confirmation with {@link #preview} before calling {@link #clear}.
 */
public final class CacheCleaner {
    private CacheCleaner() {
    }

    /**
     * @param files         files deleted (or to delete)
     * @param bytes         their total size
     * @param foreignKept   other files found in the cache's folders and left alone
     */
    public record Report(int files, long bytes, int foreignKept) {
        public String format() {
            return String.format(Locale.ROOT, "%d cache files, %s%s", files, Bytes.human(bytes),
                    foreignKept == 0 ? "" : "; " + foreignKept + " other files left alone");
        }
    }

    public static Report preview(Path cacheDir) throws IOException {
        List<Path> ours = ours(new CacheLayout(cacheDir));
        long bytes = 0;
        for (Path p : ours) {
            bytes += Files.size(p);
        }
        return new Report(ours.size(), bytes, foreign(new CacheLayout(cacheDir), ours));
    }

    public static Report clear(Path cacheDir) throws IOException {
        CacheLayout layout = new CacheLayout(cacheDir);
        boolean madeDir = "true".equals(CacheIndex.readMeta(layout.index()).get("created_dir"));
        if (!Files.isDirectory(layout.dir())) {
            return new Report(0, 0, 0);
        }
        boolean lockExisted = Files.exists(layout.lockFile());
        Report r;
        try (CacheLock lock = CacheLock.acquire(layout, "clear the cache")) {
            r = preview(cacheDir);
            for (Path p : ours(layout)) {
                Files.deleteIfExists(p);
            }
        }
        // The lock file goes last, once the lock is released (its content is always empty).
        if (!lockExisted || r.files() > 0) {
            Files.deleteIfExists(layout.lockFile());
        }
        if (Files.isDirectory(layout.chunksDir())) {
            try (Stream<Path> shards = Files.list(layout.chunksDir())) {
                for (Path s : shards.filter(p -> Files.isDirectory(p) && CacheLayout.isShardDir(p)).toList()) {
                    deleteIfEmpty(s);
                }
            }
            deleteIfEmpty(layout.chunksDir());
        }
        if (madeDir) {
            deleteIfEmpty(layout.dir());
        }
        return r;
    }

    /**
     * The index (only if it is a musicrec cache index) with its journal, and our chunk/temp files.
     * The lock file is not counted: it is removed after the others, with the index.
     */
    private static List<Path> ours(CacheLayout layout) throws IOException {
        List<Path> out = new ArrayList<>(CacheFiles.list(layout));
        if (CacheIndex.FORMAT.equals(CacheIndex.readMeta(layout.index()).get("format"))) {
            out.add(layout.index());
            Path journal = layout.dir().resolve(CacheLayout.INDEX + "-journal");
            if (Files.exists(journal)) {
                out.add(journal);
            }
        }
        return out;
    }

    private static int foreign(CacheLayout layout, List<Path> ours) throws IOException {
        if (!Files.isDirectory(layout.dir())) {
            return 0;
        }
        // a set: at 60 000 songs a list's contains() made this ~2·10⁹ comparisons
        Set<Path> mine = new HashSet<>(ours);
        mine.add(layout.lockFile());
        ForeignFileCounter counter = new ForeignFileCounter(mine);
        Files.walkFileTree(layout.dir(), counter);
        return counter.count();
    }

    /**
     * Counts files the cache did not make. A folder it cannot read (lost+found on a disk's root, a
     * folder of another user) is someone else's by definition: counted as foreign, never an abort.
     */
    static final class ForeignFileCounter extends SimpleFileVisitor<Path> {
        private final Set<Path> ours;
        private int count;

        ForeignFileCounter(Set<Path> ours) {
            this.ours = ours;
        }

        int count() {
            return count;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !ours.contains(file)) {
                count++;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            count++;
            return FileVisitResult.CONTINUE;
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // someone else's files are in there: keep it
        }
    }
}
