package org.musicrec.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Test-only program: rewrites a checkpoint-like folder again and again (three files of 2 MB and a
 * manifest, all naming the same generation) until killed, so that {@link AtomicDirectoryTest} can
 * kill it at random moments. Usage: KillableFolderWrites TARGET_DIR
 */
public final class KillableFolderWrites {
    static final int FILE_BYTES = 2 << 20;
    static final String[] FILES = {"query.zip", "key.zip", "queue.npy"};

    private KillableFolderWrites() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        for (long generation = 1; ; generation++) {
            long g = generation;
            AtomicDirectory.write(target, dir -> {
                for (String f : FILES) {
                    byte[] b = new byte[FILE_BYTES];
                    Arrays.fill(b, (byte) g);
                    Files.write(dir.resolve(f), b);
                }
                Files.writeString(dir.resolve("state.json"), "{\"generation\": " + g + "}", StandardCharsets.UTF_8);
            });
            System.out.println("wrote " + g);
        }
    }

    /** Checks a folder the program wrote: every file there, whole, all of one generation. */
    static void assertComplete(Path dir) throws Exception {
        String state = Files.readString(dir.resolve("state.json"));
        long g = Long.parseLong(state.replaceAll("\\D", ""));
        for (String f : FILES) {
            byte[] b = Files.readAllBytes(dir.resolve(f));
            if (b.length != FILE_BYTES) {
                throw new AssertionError(dir.resolve(f) + ": " + b.length + " bytes");
            }
            for (byte x : b) {
                if (x != (byte) g) {
                    throw new AssertionError(dir.resolve(f) + " mixes generations (state says " + g + ")");
                }
            }
        }
    }
}
