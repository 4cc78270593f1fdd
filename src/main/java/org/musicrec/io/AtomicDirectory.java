package org.musicrec.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Replaces a whole folder (a model checkpoint of several files) so that a kill at any moment
 * leaves either the old folder or the new one: the content is written into a hidden temp folder
 * beside the target, then the old folder is moved aside and the new one renamed into place.
 * A leftover {@code .NAME.old} from a kill between the two renames is used on the next read; every
 * file is fsynced before the old folder goes, and temp folders of killed writes are removed by the next
 * write.
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
        removeLeftovers(dir);
        Path tmp = Files.createTempDirectory(parent, tempPrefix(dir));
        try {
            writer.writeInto(tmp);
            // on disk before the old folder goes: a power cut after the renames must not leave empty files
            syncTree(tmp);
            Path old = aside(dir);
            deleteTree(old);
            if (Files.exists(dir)) {
                Files.move(dir, old);
            }
            Files.move(tmp, dir);
            AtomicFiles.fsyncDirectory(parent);
            deleteTree(old);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Deletes temp folders of writes that were killed before their rename (a checkpoint is hundreds of MB;
     * each kill would otherwise leave one behind for good). Never the folder moved aside, which may be the
     * only complete copy.
     */
    static void removeLeftovers(Path dir) throws IOException {
        String prefix = tempPrefix(dir);
        String asideName = aside(dir).getFileName().toString();
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            for (Path p : siblings.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && !name.equals(asideName) && Files.isDirectory(p)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static String tempPrefix(Path dir) {
        return "." + dir.getFileName() + ".";
    }

    private static void syncTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    AtomicFiles.fsyncDirectory(p);
                }
            }
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
