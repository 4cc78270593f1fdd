package org.musicrec.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two builds (or a build and clear-cache) off the same cache at once: an OS file lock on
 * {@code <cache_dir>/.lock}, released by the OS when the process dies, so a killed build leaves
 * no stale lock.
 */
final class CacheLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static CacheLock acquire(CacheLayout layout, String what) throws IOException {
        Path file = layout.lockFile();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException(layout.dir() + ": cannot " + what + ": another build-cache or clear-cache is using this cache");
        }
        return new CacheLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
