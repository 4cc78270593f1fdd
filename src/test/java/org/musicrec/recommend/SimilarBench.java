package org.musicrec.recommend;

import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Manual benchmark (not a test): "similar" on a generated library of 60 000 songs × 2048-d
 * embeddings in embeddings.db. Each measured run is a fresh JVM, as the command is, timed from
 * inside (JVM start, and the library read with its loading of the SQLite driver, excluded):
 * <ul>
 *   <li>before: every embedding read from SQLite, in-memory index, one query (the old path);</li>
 *   <li>first run: matrix built from SQLite and persisted, one query;</li>
 *   <li>later run: matrix memory-mapped, one query;</li>
 * </ul>
 * each followed by 21 more queries in the same JVM (median). Medians over the repetitions.
 * Run: ./mvnw -o -q -DskipTests package && ./mvnw -o -q test-compile &&
 * java -cp "target/classes:target/test-classes:target/lib/*" org.musicrec.recommend.SimilarBench [songs] [dim] [repeats] [keep-dir]
 */
public final class SimilarBench {
    private static final String VERSION = "bench";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        // A kept folder skips generating the store again on the next run (same songs and dim only).
        boolean keep = args.length > 3;
        Path dir = keep ? Files.createDirectories(Path.of(args[3])) : Files.createTempDirectory("similar-bench");
        try {
            Path db = dir.resolve("embeddings.db");
            if (!Files.exists(db)) {
                generate(db, n, dim);
            }
            System.out.printf("songs %d dim %d, %d repeats each%n", n, dim, repeats);
            report("before (SQLite + in-memory index)", run("legacy", db, n, repeats));
            report("first run (build + persist)", run("first", db, n, repeats));
            report("later run (mmap)", run("later", db, n, repeats));
        } finally {
            if (keep) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void generate(Path db, int n, int dim) throws Exception {
        Random r = new Random(1);
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            Map<String, float[]> batch = new LinkedHashMap<>();
            for (Song song : songs(n)) {
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) {
                    v[d] = (float) r.nextGaussian();
                }
                batch.put(song.path().toString(), v);
                if (batch.size() == 5_000) {
                    s.putAll(VERSION, batch);
                    batch.clear();
                }
            }
            s.putAll(VERSION, batch);
        }
    }

    private static List<Song> songs(int n) {
        List<Song> songs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path p = Path.of("/music/a" + (i % 3000) + "/s" + i + ".mp3");
            songs.add(new Song(i, "t" + i, "Artist " + (i % 3000), "x", 0, -1, "", FileUrls.toUrl(p), p, 0, 0, 200));
        }
        return songs;
    }

    /** Timings of each repetition: {load, match, first query, total, median of 21 more queries} in ms. */
    private static List<double[]> run(String mode, Path db, int n, int repeats) throws Exception {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            if (!mode.equals("later")) {
                Files.deleteIfExists(matrixFile(db));
            }
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g",
                    "-cp", System.getProperty("java.class.path"), SimilarBench.class.getName(),
                    "--child", mode, db.toString(), Integer.toString(n)).redirectErrorStream(true).start();
            String result = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = line.substring(7);
                    } else {
                        System.out.println("  | " + line);
                    }
                }
            }
            if (p.waitFor() != 0 || result == null) {
                throw new IllegalStateException(mode + " run failed");
            }
            double[] t = Arrays.stream(result.split(" ")).mapToDouble(Double::parseDouble).toArray();
            System.out.printf("  %-6s load %.0f ms, match %.0f ms, first query %.0f ms = %.0f ms; later queries median %.1f ms (loadavg %s)%n",
                    mode, t[0], t[1], t[2], t[3], t[4], load);
            out.add(t);
        }
        return out;
    }

    private static void report(String what, List<double[]> runs) {
        System.out.printf("%s: medians: load %.0f ms, match %.0f ms, first query %.0f ms, total %.0f ms; query median-of-21 %.1f ms%n",
                what, median(runs, 0), median(runs, 1), median(runs, 2), median(runs, 3), median(runs, 4));
    }

    private static double median(List<double[]> runs, int field) {
        double[] v = runs.stream().mapToDouble(t -> t[field]).sorted().toArray();
        return v[v.length / 2];
    }

    private static Path matrixFile(Path db) {
        return db.resolveSibling("embeddings-" + VERSION + ".matrix");
    }

    /** One measured run, in a JVM of its own. */
    private static void child(String mode, Path db, int n) throws Exception {
        List<Song> songs = songs(n);
        Random r = new Random(7);
        // musicrec similar reads the library DB with the same driver first, so its one-off native
        // load is part of that shared step, not of similar: pay it before the clock starts.
        long d0 = System.nanoTime();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
            System.out.printf("sqlite driver load (excluded) %.0f ms%n", (System.nanoTime() - d0) / 1e6);
        }
        long t0 = System.nanoTime();
        SimilarSongs sim;
        long t1;
        if (mode.equals("legacy")) {
            Map<String, float[]> emb;
            try (EmbeddingStore s = EmbeddingStore.open(db)) {
                emb = s.getAll(VERSION);
            }
            t1 = System.nanoTime();
            List<float[]> vectors = new ArrayList<>();
            songs.forEach(s -> vectors.add(emb.get(s.path().toString())));
            sim = new SimilarSongs(songs, vectors);
        } else {
            EmbeddingMatrix m = EmbeddingMatrixLoader.load(db, matrixFile(db), VERSION, System.out);
            t1 = System.nanoTime();
            sim = SimilarSongs.over(m, songs);
        }
        long t2 = System.nanoTime();
        sim.nearest(songs.get(r.nextInt(n)), 20, 2);
        long t3 = System.nanoTime();
        double[] q = new double[21];
        for (int i = 0; i < q.length; i++) {
            long t = System.nanoTime();
            sim.nearest(songs.get(r.nextInt(n)), 20, 2);
            q[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(q);
        System.out.printf(java.util.Locale.ROOT, "RESULT %.1f %.1f %.1f %.1f %.1f%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                (t3 - t2) / 1e6, (t3 - t0) / 1e6, q[q.length / 2]);
    }
}
