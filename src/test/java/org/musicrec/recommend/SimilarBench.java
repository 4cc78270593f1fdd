package org.musicrec.recommend;

import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Manual benchmark (not a test): "similar" on a generated 60 000-song library of 2048-d embeddings.
 * Times loading the embeddings from embeddings.db and the query itself (median of 21).
 * Run: ./mvnw -q test-compile && java -cp "target/classes:target/test-classes:target/lib/*" org.musicrec.recommend.SimilarBench [songs] [dim]
 */
public final class SimilarBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        Random r = new Random(1);
        List<Song> songs = new ArrayList<>();
        Map<String, float[]> emb = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Path p = Path.of("/music/a" + (i % 3000) + "/s" + i + ".mp3");
            songs.add(new Song(i, "t" + i, "Artist " + (i % 3000), "x", 0, -1, "", FileUrls.toUrl(p), p, 0, 0, 200));
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian();
            }
            emb.put(p.toString(), v);
        }
        Path dir = Files.createTempDirectory("similar-bench");
        Path db = dir.resolve("embeddings.db");
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            s.putAll("bench", emb);
        }
        long t0 = System.nanoTime();
        Map<String, float[]> loaded;
        try (EmbeddingStore s = EmbeddingStore.open(db)) {
            loaded = s.getAll("bench");
        }
        double loadS = (System.nanoTime() - t0) / 1e9;
        List<float[]> vectors = new ArrayList<>();
        songs.forEach(s -> vectors.add(loaded.get(s.path().toString())));
        long t1 = System.nanoTime();
        SimilarSongs sim = new SimilarSongs(songs, vectors);
        double indexS = (System.nanoTime() - t1) / 1e9;
        double[] q = new double[21];
        for (int i = 0; i < q.length; i++) {
            long t = System.nanoTime();
            sim.nearest(songs.get(r.nextInt(n)), 20, 2);
            q[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(q);
        System.out.printf("songs %d dim %d: load from embeddings.db %.2f s, index build %.2f s, query median %.1f ms (min %.1f, max %.1f)%n",
                n, dim, loadS, indexS, q[q.length / 2], q[0], q[q.length - 1]);
        Files.deleteIfExists(db);
        Files.deleteIfExists(dir);
    }
}
