package org.musicrec.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.io.AtomicFiles;
import org.musicrec.io.Npy;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 at a random moment of embed, recommend and export (each in a child JVM that repeats the stage),
 * then a rerun in this JVM: it must succeed, and nothing it leaves is corrupt, half-written or littered.
 */
class KillDuringStagesTest {
    @TempDir
    Path tmp;

    @Test
    void aKilledEmbedRecommendOrExportIsFollowedByARerunThatSucceedsWithNothingHalfWritten() throws Exception {
        SmallLibrary small = SmallLibrary.create(tmp, 24, 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        var outcome = EncoderStage.run(small.cfg, small.lib, null, quiet);
        EmbedStage.run(small.cfg, small.lib, outcome.best(), true, quiet);
        ClassifierStage.run(small.cfg, small.lib.scan(), KillableStage.VERSION, quiet);
        RecommendStage.run(small.cfg, small.lib.scan(), KillableStage.VERSION, quiet);
        KillableStage.export(small);
        Workspace ws = Workspace.of(small.cfg);
        Random random = new Random(3);

        for (String stage : new String[] {"embed", "recommend", "export"}) {
            killSomewhereIn(stage, random);

            switch (stage) {
                case "embed" -> {
                    EmbedStage.run(small.cfg, small.lib, ws.bestEncoder(), false, quiet);
                    try (var c = DriverManager.getConnection("jdbc:sqlite:" + ws.embeddingsDb());
                         var rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                        assertTrue(rs.next() && rs.getString(1).equals("ok"), "embeddings.db intact");
                    }
                    try (EmbeddingStore s = EmbeddingStore.open(ws.embeddingsDb())) {
                        assertEquals(24, s.getAll(KillableStage.VERSION).size(), "every song embedded after the rerun");
                    }
                }
                case "recommend" -> {
                    // what a kill inside a write leaves, planted in case this kill landed elsewhere
                    Files.writeString(ws.outputDir().resolve(".best.xspf.999999999.1.tmp"), "<?xml half");
                    RecommendStage.run(small.cfg, small.lib.scan(), KillableStage.VERSION, quiet);
                    for (String f : new String[] {"best.xspf", "help.xspf"}) {
                        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ws.outputDir().resolve(f).toFile());
                    }
                    assertTrue(Files.readString(ws.outputDir().resolve("recommendations.txt")).lines().count() > 1);
                    assertNoTemps(ws.outputDir());
                }
                case "export" -> {
                    Path dir = ws.outputDir().resolve("export");
                    Files.write(dir.resolve(".embeddings.npy.999999999.1.tmp"), new byte[100]);
                    KillableStage.export(small);
                    assertEquals(24, Npy.read(dir.resolve("embeddings.npy")).shape()[0]);
                    assertEquals(25, Files.readAllLines(dir.resolve("metadata.tsv")).size(), "header + one row per song");
                    assertNoTemps(dir);
                }
                default -> throw new IllegalStateException(stage);
            }
        }
    }

    private void killSomewhereIn(String stage, Random random) throws Exception {
        Path log = tmp.resolve("child-" + stage + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                KillableStage.class.getName(), stage, tmp.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && !Files.readString(log).contains("started") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300 + random.nextInt(1500));
            assertTrue(p.isAlive(), stage + " must still be running when killed: " + Files.readString(log));
        } finally {
            p.destroyForcibly();   // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void assertNoTemps(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(AtomicFiles::isTemp).count(), "temp files of the killed run removed in " + dir);
        }
    }
}
