package org.musicrec.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Replaces a whole folder (a model checkpoint of several files) so that a kill at any moment
 * leaves either the old folder or the new one: the content is written into a hidden temp folder
 * beside the target, then the old folder is moved aside and the new one renamed into place.
 * A leftover {@code .NAME.old} from a kill between the two renames is used on the next read.
 */
public final class AtomicDirectory {
    /** Fills a fresh, empty folder. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path dir) throws IOException;
    }

    private AtomicDirectory() {
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
        try {
            writer.writeInto(tmp);
            Path old = aside(dir);
            deleteTree(old);
            if (Files.exists(dir)) {
                Files.move(dir, old);
            }
            Files.move(tmp, dir);
            deleteTree(old);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * The folder to read: the target, or the copy moved aside when a kill struck between the two
     * renames of {@link #write}; null when neither exists.
     */
    public static Path readable(Path target) {
        Path dir = target.toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path old = aside(dir);
        return Files.isDirectory(old) ? old : null;
    }

    private static Path aside(Path dir) {
        return dir.resolveSibling("." + dir.getFileName() + ".old");
    }

    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
