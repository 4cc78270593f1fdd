package org.musicrec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.TestPaths;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path tmp;

    /** Runs the CLI capturing stdout+stderr. */
    private record Run(int code, String out) {
    }

    private Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(p);
        System.setErr(p);
        try {
            return new Run(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyCommandHasHelpAndEveryUsageListsEveryStage() throws Exception {
        var stages = new picocli.CommandLine(new Main()).getSubcommands().keySet().stream()
                .filter(c -> !c.equals("help")).toList();
        assertEquals(15, stages.size(), stages.toString());
        Run top = run("--help");
        assertEquals(0, top.code());
        String script = Files.readString(Path.of("run_music_pipeline.sh"));
        for (String cmd : stages) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: musicrec " + cmd), r.out());
            assertFalse(r.out().contains("WARN"), "picocli warns about " + cmd + "'s help text: " + r.out());
            assertTrue(top.out().lines().anyMatch(l -> l.startsWith("  " + cmd + " ") && l.strip().endsWith(".")),
                    "one whole line for " + cmd + " in --help: " + top.out());
            assertTrue(script.lines().anyMatch(l -> l.startsWith("  " + cmd + " ")), "run_music_pipeline.sh --help lists " + cmd);
        }
    }

    @Test
    void usageErrorsAndFailuresGiveNonZeroCodesAndOneLineReasons() throws Exception {
        assertEquals(2, run("no-such-stage").code());
        assertEquals(2, run().code());

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "encoder:\n  momentum: 7\n");
        Run r = run("cache-stats", "--config", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("encoder.momentum"), r.out());
        assertEquals(1, r.out().strip().lines().count(), r.out());

        Run badRemap = run("build-cache", "--db", tmp.resolve("nope.db").toString(), "--remap", "/mnt/music");
        assertEquals(2, badRemap.code(), badRemap.out());
        assertTrue(badRemap.out().contains("--remap must look like OLD:NEW") && badRemap.out().contains("'/mnt/music'"),
                badRemap.out());

        Run cqtMissing = run("cqt", tmp.resolve("missing.mp3").toString(), "--out", tmp.resolve("m.npy").toString());
        assertEquals(1, cqtMissing.code(), cqtMissing.out());
        assertTrue(cqtMissing.out().contains(tmp.resolve("missing.mp3") + ": file not found"), cqtMissing.out());
        assertFalse(cqtMissing.out().contains("Exception"), cqtMissing.out());

        Run missing = run("build-cache", "--db", tmp.resolve("nope.db").toString(), "--cache-dir", tmp.resolve("c").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.out().contains("nope.db") && missing.out().contains("not found"), missing.out());
    }

    @Test
    void buildCacheThenStatsThenClearOnTheFixture() {
        String db = TestPaths.clementineFixture().resolve("clementine.db").toString();
        String cache = tmp.resolve("cache").toString();
        Run b = run("build-cache", "--db", db, "--remap", TestPaths.fixtureRemap(), "--cache-dir", cache, "-j", "2");
        assertEquals(0, b.code(), b.out());
        assertTrue(b.out().contains("cached:    6"), b.out());
        Run again = run("build-cache", "--db", db, "--remap", TestPaths.fixtureRemap(), "--cache-dir", cache);
        assertTrue(again.out().contains("unchanged: 6"), again.out());
        Run s = run("cache-stats", "--db", db, "--remap", TestPaths.fixtureRemap(), "--cache-dir", cache);
        assertTrue(s.out().contains("6 songs, 24 chunks"), s.out());
        // The same DB without the remap: its paths point at a machine that is not this one. Exit 1, the
        // folder named, the remap suggested, and the cache left as it was.
        Run unmapped = run("build-cache", "--db", db, "--cache-dir", cache);
        assertEquals(1, unmapped.code(), unmapped.out());
        assertTrue(unmapped.out().contains("0 of 6 files reachable") && unmapped.out().contains("nothing changed")
                && unmapped.out().contains("--remap"), unmapped.out());
        Run still = run("build-cache", "--db", db, "--remap", TestPaths.fixtureRemap(), "--cache-dir", cache);
        assertTrue(still.out().contains("unchanged: 6"), still.out());
        Run c = run("clear-cache", "--cache-dir", cache, "--yes");
        assertEquals(0, c.code(), c.out());
        assertTrue(!Files.exists(tmp.resolve("cache/index.db")));
    }

    @Test
    void aRunStartedInsideTheMusicFolderSaysSoAndWritesNothing() throws Exception {
        // the fixture DB's directories table names /music/fixture: remapped, that is `music` here
        Path music = Files.createDirectories(tmp.resolve("music"));
        String db = TestPaths.clementineFixture().resolve("clementine.db").toString();
        Run r = run("build-cache", "--db", db, "--remap", "/music/fixture:" + music,
                "--cache-dir", music.resolve("cache").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("is inside the music folder " + music), r.out());
        assertTrue(!Files.exists(music.resolve("cache")), "nothing written beside the music");
    }

    @Test
    void similarNeverGuessesAndRefusesEmptyQueriesAndNoSongs() throws Exception {
        String db = TestPaths.clementineFixture().resolve("clementine.db").toString();
        Path work = tmp.resolve("work");
        Path config = workConfig(work);
        String[] base = {"similar", "--config", config.toString(), "--db", db, "--remap", TestPaths.fixtureRemap()};
        Run empty = run(concat(base, ""));
        assertEquals(2, empty.code(), empty.out());
        assertTrue(empty.out().contains("QUERY is empty"), empty.out());
        Run zero = run(concat(base, "-n", "0", "5"));
        assertEquals(2, zero.code(), zero.out());
        assertTrue(zero.out().contains("-n must be at least 1"), zero.out());

        Run several = run(concat(base, "fixture", "song"));
        assertEquals(2, several.code(), several.out());
        assertTrue(several.out().contains("'fixture song' matches 6 songs; nothing was written")
                && several.out().contains("     5  Fixture Jazz Trio – Fixture Song 3"), several.out());
        assertTrue(!Files.exists(work), "no playlist, no store: nothing created");
    }

    @Test
    void aCommandThatFailsForWantOfEarlierStagesCreatesNothing() throws Exception {
        String db = TestPaths.clementineFixture().resolve("clementine.db").toString();
        Path work = tmp.resolve("empty");
        Path config = workConfig(work);
        for (String cmd : new String[] {"classifier", "recommend", "export", "evaluate", "embed", "encoder"}) {
            Run r = run(cmd, "--config", config.toString(), "--db", db, "--remap", TestPaths.fixtureRemap());
            assertEquals(1, r.code(), cmd + ": " + r.out());
            assertTrue(r.out().contains("run the") || r.out().contains("first"), cmd + " says what to run: " + r.out());
            assertTrue(!Files.exists(work), cmd + " created " + work);
        }
        Run similar = run("similar", "--config", config.toString(), "--db", db, "--remap", TestPaths.fixtureRemap(), "5");
        assertEquals(1, similar.code(), similar.out());
        assertTrue(!Files.exists(work), "similar created " + work);
    }

    /** A config whose cache, models and output folders all lie in {@code work} (which it does not create). */
    private Path workConfig(Path work) throws java.io.IOException {
        return Files.writeString(tmp.resolve(work.getFileName() + ".yaml"), "paths:\n  cache_dir: " + work.resolve("cache")
                + "\n  models_dir: " + work.resolve("models") + "\n  output_dir: " + work.resolve("output") + "\n");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void cqtCommandWritesMagnitudeAndPicture() throws Exception {
        Path in = TestPaths.shared().resolve("reference/cqt/inputs/sine_bin40.npy");
        Path npy = tmp.resolve("s.npy"), png = tmp.resolve("s.png");
        Run r = run("cqt", in.toString(), "--out", npy.toString(), "--png", png.toString(), "--algorithm", "direct");
        assertEquals(0, r.code(), r.out());
        org.musicrec.io.Npy.Array a = org.musicrec.io.Npy.read(npy);
        assertEquals(84, a.shape()[0]);
        assertEquals(313, a.shape()[1]);
        float[] v = a.toFloats();
        int best = 0;
        for (int k = 0; k < 84; k++) {
            best = v[k * 313 + 150] > v[best * 313 + 150] ? k : best;
        }
        assertEquals(40, best);
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() > 100);

        Path audio = TestPaths.clementineFixture().resolve("music/Fixture DJ/Fixture Club/01 - Fixture Song 5 (electronic).mp3");
        Run r2 = run("cqt", audio.toString(), "--out", tmp.resolve("a.npy").toString(), "--png", tmp.resolve("a.png").toString());
        assertEquals(0, r2.code(), r2.out());
        assertEquals(84, org.musicrec.io.Npy.read(tmp.resolve("a.npy")).shape()[0]);
    }
}
