package org.musicrec.eval;

import org.musicrec.config.ClassifierConfig;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.dsp.CqtParams;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;
import org.musicrec.library.Song;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.Workspace;
import org.musicrec.progress.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Manual tool (not a test): the evaluation of several rating-model settings on one library, loading
 * the embeddings and stored hand features once. Each argument after the truth file is a variant,
 * comma-separated overrides of the config's classifier: prior=true|false, k=3, knn=10, mlp=true|false, desc=true|false, wd=1e-4,
 * hidden=64-32, dropout=0.3, genre=true|false, epochs=20, lr=1e-3, patience=10 ("-" = the config as is).
 * Run: ./mvnw -q test-compile && java -cp "target/classes:target/test-classes:target/lib/*" \
 * org.musicrec.eval.TasteAblation demo/demo.yaml demo/truth.csv - prior=false,knn=0 knn=0 mlp=false
 * The product row is the learned embedding with the songs' descriptors when descriptors.db has them.
 */
public final class TasteAblation {
    public static void main(String[] args) throws Exception {
        MusicrecConfig cfg = new ConfigLoader().load(Path.of(args[0]), Map.of());
        Map<Path, TruthFile.SongTruth> truth = TruthFile.readAll(Path.of(args[1]));
        Workspace ws = Workspace.of(cfg);
        LibraryScan scan = new LibraryReader(PathRemap.parse(cfg.library().musicPathRemap()), w -> { })
                .read(Workspace.resolve(cfg.library().dbPath()));
        CachedLibrary lib = CachedLibrary.open(scan, cfg);
        String version = cfg.encoder().encoderVersion();
        Map<String, float[]> byPath;
        try (EmbeddingStore store = EmbeddingStore.open(ws.embeddingsDb())) {
            byPath = store.getAll(version);
        }
        List<Song> songs = new ArrayList<>();
        Map<Long, float[]> learned = new LinkedHashMap<>();
        for (Song s : lib.cachedSongs()) {
            float[] e = byPath.get(EmbeddingExtractor.key(s));
            if (e != null) {
                songs.add(s);
                learned.put(s.rowid(), e);
            }
        }
        CqtParams cqt = CqtFactory.params(cfg.cqt(), cfg.audio());
        Map<Long, float[]> hand;
        try (EmbeddingStore hs = EmbeddingStore.open(ws.handFeaturesDb());
             Progress p = Progress.forConsole("songs")) {
            hand = StoredHandFeatures.load(hs, StoredHandFeatures.version(cqt, cfg.audio()), songs, lib.cache(),
                    new HandFeatures(Cqt.create(cqt), HandFeatures.fromCache(lib.cache()), 16), p, System.out::println);
        }
        List<Song> both = songs.stream().filter(s -> hand.containsKey(s.rowid())).toList();
        Map<Long, SongDescriptors> descriptors = new LinkedHashMap<>();
        try (DescriptorStore ds = DescriptorStore.openIfExists(ws.descriptorsDb())) {
            Map<String, SongDescriptors> stored = ds == null ? Map.of() : ds.getAll(SongDescriptors.ALGORITHM);
            for (Song s : both) {
                SongDescriptors d = stored.get(EmbeddingExtractor.key(s));
                if (d != null) {
                    descriptors.put(s.rowid(), d);
                }
            }
        }
        System.out.printf("%-32s %-34s %6s %6s %6s %6s   %6s %6s %6s %6s   %6s %6s %6s%n", "variant", "product row", "MAE",
                "rho", "NDCG", "P@20", "hMAE", "hrho", "hNDCG", "hP@20", "mMAE", "mrho", "mNDCG");
        for (int a = 2; a < args.length; a++) {
            ClassifierConfig c = variant(cfg.classifier(), args[a]);
            EvaluationReport r = new Evaluator(c, cfg.trainSplit(), cfg.seed(), new GenreMapper(),
                    Evaluator.Settings.defaults()).evaluate(version, both, learned, hand, descriptors, truth, line -> { });
            RepresentationScores l = r.representations().get(0), h = r.representation("hand_features"),
                    m = r.representation("metadata_only");
            System.out.printf(Locale.ROOT, "%-32s %-34s %6.3f %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f%n",
                    args[a], l.name(), l.cvMaeStars(), l.cvSpearman(), l.ndcgAt20(), l.precisionAt20(), h.cvMaeStars(),
                    h.cvSpearman(), h.ndcgAt20(), h.precisionAt20(), m.cvMaeStars(), m.cvSpearman(), m.ndcgAt20());
        }
    }

    static ClassifierConfig variant(ClassifierConfig c, String spec) {
        if (spec.equals("-")) {
            return c;
        }
        List<Integer> hidden = c.hiddenDims();
        double dropout = c.dropout(), wd = c.weightDecay();
        boolean mlp = c.useMlp(), desc = c.useDescriptors();
        String k = c.priorStrength();
        boolean prior = c.usePrior(), genre = c.useGenre();
        int knn = c.knnNeighbours(), epochs = c.epochs(), patience = c.earlyStoppingPatience();
        double lr = c.learningRate();
        for (String kv : spec.split(",")) {
            String[] p = kv.split("=", 2);
            switch (p[0]) {
                case "prior" -> prior = Boolean.parseBoolean(p[1]);
                case "k" -> k = p[1];
                case "knn" -> knn = Integer.parseInt(p[1]);
                case "mlp" -> mlp = Boolean.parseBoolean(p[1]);
                case "desc" -> desc = Boolean.parseBoolean(p[1]);
                case "wd" -> wd = Double.parseDouble(p[1]);
                case "dropout" -> dropout = Double.parseDouble(p[1]);
                case "genre" -> genre = Boolean.parseBoolean(p[1]);
                case "epochs" -> epochs = Integer.parseInt(p[1]);
                case "lr" -> lr = Double.parseDouble(p[1]);
                case "patience" -> patience = Integer.parseInt(p[1]);
                case "hidden" -> hidden = java.util.Arrays.stream(p[1].split("-")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown variant key " + p[0]);
            }
        }
        return new ClassifierConfig(hidden, dropout, epochs, c.batchSize(), lr, patience,
                c.ratingScale(), genre, c.ensembleSize(), c.minRatedSongs(), c.classifierVersion(), prior, k, knn, mlp, desc, wd);
    }
}
