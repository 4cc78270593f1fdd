package org.musicrec.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A music file's modification time and size: what decides whether its cache entry is current. */
record FileState(long mtimeMillis, long size) {
    /** The file's state, or null when it does not exist (or is not a regular file). */
    static FileState of(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? new FileState(a.lastModifiedTime().toMillis(), a.size()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    boolean matches(CacheEntry e) {
        return e.mtimeMillis() == mtimeMillis && e.size() == size;
    }
}
