package org.musicrec.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that are never seen half-done: write a temp file in the same directory,
 * fsync it, rename it over the target, fsync the directory. A kill at any moment leaves either
 * the old file or the new one, plus at most a {@code .tmp} file that {@link #isTemp} recognises.
 */
public final class AtomicFiles {
    /** Suffix of in-flight files; anything carrying it is garbage from an interrupted write. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Writes a file too large to hold as one array: {@code content} fills the temp file's channel. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything; may also write at explicit positions (e.g. a checksum into a header). */
        void writeTo(FileChannel ch) throws IOException;
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    /**
     * Same guarantee as {@link #write(Path, byte[])}: if {@code content} throws, or the process
     * dies while it runs, the target is untouched.
     */
    public static void write(Path target, Content content) throws IOException {
        try {
            writeAtomically(target, content);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException(describe(e, target), e);
        }
    }

    /**
     * What went wrong in the user's words: the file they asked for and the folder, not our hidden temp file,
     * and the reason ("permission denied", "no space left on device") instead of an exception class.
     */
    static String describe(java.nio.file.FileSystemException e, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String reason;
        if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "permission denied in " + dir;
        } else if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            reason = e.getFile() + " is a file, not a folder";
        } else {
            String r = e.getReason();
            reason = (r == null ? e.getClass().getSimpleName() : r.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                    + r.substring(1)) + " (" + dir + ")";
        }
        return "cannot write " + target.toAbsolutePath() + ": " + reason;
    }

    private static void writeAtomically(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes temp files in {@code dir} (not below it) left by writes of processes that are gone, e.g. killed:
     * the name carries the writer's pid, so a live writer's file is never touched. Stages call this on the
     * folders they write, so a kill leaves no litter beyond the next run.
     *
     * @return how many were deleted
     */
    public static int removeStaleTemps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> isTemp(f) && Files.isRegularFile(f)).toList()) {
                String[] parts = p.getFileName().toString().split("\\.");
                // ".NAME.PID.TID.tmp": the pid is the third field from the end
                long pid = parts.length >= 4 ? parseOrMinus(parts[parts.length - 3]) : -1;
                if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                n += Files.deleteIfExists(p) ? 1 : 0;
            }
        }
        return n;
    }

    private static long parseOrMinus(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static boolean isTemp(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith(".") && n.endsWith(TEMP_SUFFIX);
    }

    static void fsyncDirectory(Path dir) {
        // Makes the rename itself durable; not all file systems allow opening a directory.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort: the data file itself was already fsynced
        }
    }
}
