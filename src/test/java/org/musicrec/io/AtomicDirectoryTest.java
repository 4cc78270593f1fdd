package org.musicrec.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint folder under kill -9 at random moments: always one whole folder to read, leftovers cleaned. */
class AtomicDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void killedAtRandomMomentsAWholeFolderIsAlwaysReadableAndLeftoversGo() throws Exception {
        Path target = tmp.resolve("models/best");
        Random random = new Random(7);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    KillableFolderWrites.class.getName(), target.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + round + ".log").toFile()).start();
            try {
                // let it complete at least one write, then kill it somewhere inside a later one
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && Files.readString(tmp.resolve("child-" + round + ".log")).isEmpty()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(120));
                assertTrue(p.isAlive(), Files.readString(tmp.resolve("child-" + round + ".log")));
            } finally {
                p.destroyForcibly();   // SIGKILL: no finally blocks run in the child
                p.waitFor(30, TimeUnit.SECONDS);
            }
            Path readable = AtomicDirectory.readable(target);
            assertNotNull(readable, "round " + round + ": a folder to read");
            KillableFolderWrites.assertComplete(readable);
        }
        // what a kill inside writeInto leaves behind, planted in case no kill landed there
        Path leftover = Files.createDirectories(tmp.resolve("models/.best.123456789"));
        Files.write(leftover.resolve("query.zip"), new byte[1000]);

        AtomicDirectory.write(target, dir -> Files.writeString(dir.resolve("state.json"), "{}"));
        try (Stream<Path> left = Files.list(tmp.resolve("models"))) {
            assertEquals(List.of(target), left.toList(), "temp folders of killed writes removed, nothing aside");
        }
    }

    @Test
    void theFolderMovedAsideIsNeverTakenForALeftover() throws Exception {
        Path target = tmp.resolve("best");
        AtomicDirectory.write(target, dir -> Files.writeString(dir.resolve("state.json"), "{\"generation\": 1}"));
        // killed between the two renames: only the copy moved aside exists
        Files.move(target, tmp.resolve(".best.old"));
        AtomicDirectory.removeLeftovers(target);
        assertEquals(tmp.resolve(".best.old"), AtomicDirectory.readable(target));
    }
}
