package org.musicrec.eval;

import org.musicrec.config.ClassifierConfig;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.recommend.DescriptorFeatures;
import org.musicrec.recommend.RatingModel;
import org.musicrec.recommend.TasteModel;
import org.musicrec.recommend.VectorCentre;
import org.musicrec.train.TasteTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Computes an {@link EvaluationReport} from vectors already in memory (no I/O, so tests can feed
 * synthetic vectors): the learned embedding and the hand features go through the same genre k-NN,
 * the same rating cross-validation and the same recommendation scoring; the metadata-only baseline
 * goes through the last two. All songs passed are evaluated, so every representation sees the same songs.
 */
public final class Evaluator {
    /**
     * @param folds         rating cross-validation folds
     * @param neighbours    k of the genre k-NN
     * @param topK          recommendations scored against the truth
     * @param relevantStars true stars that make a recommendation a hit for precision@k
     * @param maxGenreSongs  at most this many songs (a seeded sample) enter the genre k-NN: leave-one-out
     *                       is N² dot products, hours for 60 000 songs × 2048-d, minutes for 10 000
     * @param cvEnsembleSize rating-model members per cross-validation fold (0: classifier.ensemble_size).
     *                       One member on the whole training fold predicts about as well as the bootstrap
     *                       ensemble's mean (the ensemble exists for its spread) at a fifth of the cost;
     *                       the recommendation metrics always use the configured ensemble, as recommend does
     */
    public record Settings(int folds, int neighbours, int topK, double relevantStars, int maxGenreSongs,
                           int cvEnsembleSize) {
        public static Settings defaults() {
            return new Settings(5, 5, 20, 4.0, 10_000, 1);
        }
    }

    private final ClassifierConfig clf;
    private final double trainShare;
    private final long seed;
    private final GenreMapper mapper;
    private final Settings settings;

    /** @param clf the rating model's config (its use_genre decides whether the genre multi-hot is appended) */
    public Evaluator(ClassifierConfig clf, double trainShare, long seed, GenreMapper mapper, Settings settings) {
        this.clf = clf;
        this.trainShare = trainShare;
        this.seed = seed;
        this.mapper = mapper;
        this.settings = settings;
    }

    /** Without descriptors and sound truth: the learned embedding, the hand features and the tags. */
    public EvaluationReport evaluate(String version, List<Song> songs, Map<Long, float[]> learned,
                                     Map<Long, float[]> hand, Map<Path, Double> truth, Consumer<String> log) {
        Map<Path, TruthFile.SongTruth> t = null;
        if (truth != null) {
            t = new LinkedHashMap<>();
            for (Map.Entry<Path, Double> e : truth.entrySet()) {
                t.put(e.getKey(), new TruthFile.SongTruth(e.getValue(), Double.NaN, null, Double.NaN));
            }
        }
        return evaluate(version, songs, learned, hand, Map.of(), t, log);
    }

    /**
     * @param songs       the songs to evaluate; each must have a vector in both maps
     * @param learned     rowid → learned embedding
     * @param hand        rowid → hand features (raw; standardised here)
     * @param descriptors rowid → the song's descriptors (empty: none computed; then the product is the embedding alone)
     * @param truth       normalised absolute path → what is true of the song, or null without a truth file
     * @param log         progress lines
     */
    public EvaluationReport evaluate(String version, List<Song> songs, Map<Long, float[]> learned,
                                     Map<Long, float[]> hand, Map<Long, SongDescriptors> descriptors,
                                     Map<Path, TruthFile.SongTruth> truth, Consumer<String> log) {
        List<String> notes = new ArrayList<>();
        List<Song> genreSample = genreSample(songs, notes);
        List<Song> rated = songs.stream().filter(Song::isRated).toList();
        RatingCrossValidation cv = new RatingCrossValidation(cvConfig(), trainShare, seed, settings.folds());
        String noCv = cv.whyNot(rated.size());
        if (noCv != null) {
            notes.add(noCv);
            cv = null;
        } else if (cvConfig().ensembleSize() != clf.ensembleSize()) {
            notes.add("cross-validation trains " + cvConfig().ensembleSize() + " rating-model member(s) per fold; "
                    + "the recommendation metrics use the configured ensemble of " + clf.ensembleSize());
        }
        Candidates candidates = truth == null ? null : Candidates.of(songs, truth);
        boolean recommend = candidates != null && !candidates.songs().isEmpty() && rated.size() >= clf.minRatedSongs();
        if (candidates != null && !recommend) {
            notes.add(candidates.songs().isEmpty()
                    ? "no unrated evaluated song is listed in the truth file: recommendation metrics skipped"
                    : "recommendation metrics skipped: " + rated.size() + " rated songs, the rating model needs "
                    + clf.minRatedSongs());
        }
        Candidates scored = recommend ? candidates : null;
        ProbeTargets probes = ProbeTargets.of(songs, truth, descriptors, notes);

        DescriptorFeatures features = descriptorFeatures(songs, descriptors);
        boolean withDescriptors = features != null && clf.useDescriptors();
        if (!withDescriptors) {
            notes.add(features == null ? "no song descriptors: the product row is the learned embedding alone"
                    : "classifier.use_descriptors is off: the product row is the learned embedding alone");
        }
        Function<Song, SongDescriptors> desc = withDescriptors ? s -> descriptors.get(s.rowid()) : null;
        Map<Long, float[]> handStd = standardise(songs, hand);
        List<RepresentationScores> reps = new ArrayList<>();
        List<RepresentationScores> others = new ArrayList<>();
        if (withDescriptors) {
            Map<Long, float[]> descVectors = new LinkedHashMap<>();
            for (Song s : songs) {
                descVectors.put(s.rowid(), features.of(descriptors.get(s.rowid()), mapper.categories(s.genre())));
            }
            Map<Long, float[]> both = concatenated(songs, learned, descVectors);
            reps.add(scores(new Rep("learned:" + version + " + descriptors", learned, both, desc, features), version,
                    genreSample, rated, cv, scored, probes, log));
            others.add(scores(new Rep("learned:" + version, learned, learned, null, null), version, genreSample, rated, cv,
                    scored, probes, log));
            others.add(scores(new Rep("descriptors", descVectors, descVectors, null, null), version, genreSample, rated, cv,
                    scored, probes, log));
        } else {
            reps.add(scores(new Rep("learned:" + version, learned, learned, null, null), version, genreSample, rated, cv,
                    scored, probes, log));
        }
        RepresentationScores handScores = scores(new Rep("hand_features", handStd, handStd, null, null), version,
                genreSample, rated, cv, scored, probes, log);
        RepresentationScores meta = metadataScores(rated, cv, scored);
        Verdict verdict = Verdict.of(reps.get(0), List.of(handScores, meta), others);
        reps.addAll(others);
        reps.add(handScores);
        reps.add(meta);
        return new EvaluationReport(version, songs.size(), genreSample.size(),
                RepresentationScores.value(chance(singleCategory(genreSample))),
                rated.size(), cv == null ? 0 : settings.folds(), clf.useGenre(),
                candidates == null ? null : candidates.songs().size(), reps, verdict.best(), verdict.beats(),
                verdict.loses(), verdict.line(), notes, List.of());
    }

    /**
     * One row of the table.
     *
     * @param audio       the vectors the rating model's audio parts and the genre neighbours read
     * @param probed      the vectors the linear probes read (the product: embedding and descriptors together)
     * @param descriptors the songs' descriptors for the descriptor part, or null for none
     */
    private record Rep(String name, Map<Long, float[]> audio, Map<Long, float[]> probed,
                       Function<Song, SongDescriptors> descriptors, DescriptorFeatures features) {
    }

    /** The unrated songs listed in the truth file, with their true stars. */
    private record Candidates(List<Song> songs, double[] stars) {
        static Candidates of(List<Song> songs, Map<Path, TruthFile.SongTruth> truth) {
            List<Song> c = new ArrayList<>();
            List<Double> t = new ArrayList<>();
            for (Song s : songs) {
                TruthFile.SongTruth v = s.isRated() ? null : truth.get(TruthFile.keyOf(s));
                if (v != null) {
                    c.add(s);
                    t.add(v.stars());
                }
            }
            return new Candidates(c, t.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** Genre neighbours, rating CV (when {@code cv} is given), recommendations (when {@code scored} is), probes. */
    private RepresentationScores scores(Rep rep, String version, List<Song> genreSample, List<Song> rated,
                                        RatingCrossValidation cv, Candidates scored, ProbeTargets probes,
                                        Consumer<String> log) {
        Map<Long, float[]> v = rep.audio();
        log.accept(rep.name() + ": genre neighbours of " + genreSample.size() + " songs");
        GenreNeighbourMetrics g = GenreNeighbourMetrics.compute(genreSample.stream().map(s -> v.get(s.rowid())).toList(),
                singleCategory(genreSample), settings.neighbours(), GenreCategory.COUNT);
        Function<Song, float[]> f = s -> v.get(s.rowid());
        // The library mean of this representation (no labels): the rating model's audio parts compare centred vectors.
        VectorCentre centre = v.isEmpty() ? null : VectorCentre.of(v.values());
        double mae = Double.NaN, rho = Double.NaN;
        if (cv != null) {
            log.accept(rep.name() + ": " + settings.folds() + "-fold rating cross-validation on " + rated.size()
                    + " rated songs");
            double[] pred = cv.predictWithModel(rated, f, centre, rep.descriptors(), rep.features(), version, mapper);
            mae = RankMetrics.meanAbsoluteError(pred, stars(rated));
            rho = RankMetrics.spearman(pred, stars(rated));
        }
        TopK top = new TopK(Double.NaN, Double.NaN);
        if (scored != null) {
            log.accept(rep.name() + ": scoring " + scored.songs().size() + " unrated songs against the truth");
            top = TopK.of(scored.songs(), predictAll(rated, scored.songs(), f, centre, rep, version), scored.stars(),
                    settings.topK(), settings.relevantStars());
        }
        Integer dim = v.isEmpty() ? null : v.values().iterator().next().length;
        return new RepresentationScores(rep.name(), dim, RepresentationScores.value(g.knnAccuracy()),
                RepresentationScores.value(g.mapAt10()), RepresentationScores.value(mae),
                RepresentationScores.value(rho), RepresentationScores.value(top.ndcg()),
                RepresentationScores.value(top.precision()), RepresentationScores.value(probes.tempoR2(rep.probed())),
                RepresentationScores.value(probes.modeAccuracy(rep.probed())));
    }

    /** The tags-only baseline: rating CV and recommendations, no genre neighbours (tags know the genre). */
    private RepresentationScores metadataScores(List<Song> rated, RatingCrossValidation cv, Candidates scored) {
        double mae = Double.NaN, rho = Double.NaN;
        if (cv != null) {
            double[] pred = cv.predictWithMetadata(rated, mapper);
            mae = RankMetrics.meanAbsoluteError(pred, stars(rated));
            rho = RankMetrics.spearman(pred, stars(rated));
        }
        TopK top = new TopK(Double.NaN, Double.NaN);
        if (scored != null) {
            top = TopK.of(scored.songs(), MetadataBaseline.fit(rated, mapper).predict(scored.songs()), scored.stars(),
                    settings.topK(), settings.relevantStars());
        }
        return new RepresentationScores("metadata_only", null, null, null, RepresentationScores.value(mae),
                RepresentationScores.value(rho), RepresentationScores.value(top.ndcg()),
                RepresentationScores.value(top.precision()));
    }

    /** Descriptor statistics of the evaluated songs (no ratings involved), or null when none has descriptors. */
    private DescriptorFeatures descriptorFeatures(List<Song> songs, Map<Long, SongDescriptors> descriptors) {
        List<DescriptorFeatures.Entry> entries = new ArrayList<>();
        for (Song s : songs) {
            SongDescriptors d = descriptors.get(s.rowid());
            if (d != null) {
                entries.add(new DescriptorFeatures.Entry(d, mapper.categories(s.genre())));
            }
        }
        return entries.isEmpty() ? null : DescriptorFeatures.fit(entries);
    }

    /** Each song's two vectors one after the other. */
    private static Map<Long, float[]> concatenated(List<Song> songs, Map<Long, float[]> a, Map<Long, float[]> b) {
        Map<Long, float[]> out = new LinkedHashMap<>();
        for (Song s : songs) {
            float[] x = a.get(s.rowid()), y = b.get(s.rowid());
            float[] z = java.util.Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, z, x.length, y.length);
            out.put(s.rowid(), z);
        }
        return out;
    }

    /** The classifier config for cross-validation: the configured one with {@code cvEnsembleSize} members. */
    private ClassifierConfig cvConfig() {
        int members = settings.cvEnsembleSize() > 0 ? settings.cvEnsembleSize() : clf.ensembleSize();
        return clf.withEnsembleSize(members);
    }

    /** Predicted stars of the candidates by a rating model trained on all rated songs (as recommend does). */
    private double[] predictAll(List<Song> rated, List<Song> candidates, Function<Song, float[]> f, VectorCentre centre,
                                Rep rep, String version) {
        TasteModel model = new TasteTrainer(clf, trainShare, seed, mapper)
                .train(rated, f, centre, rep.descriptors(), rep.features(), version).model();
        RatingModel.Prediction[] p = model.predict(candidates, candidates.stream().map(f).toList(),
                rep.descriptors() == null ? null : candidates.stream().map(rep.descriptors()).toList());
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i].stars();
        }
        return out;
    }

    /** The songs with exactly one category; a seeded sample of them beyond {@code maxGenreSongs}. */
    private List<Song> genreSample(List<Song> songs, List<String> notes) {
        List<Song> single = songs.stream().filter(s -> mapper.categories(s.genre()).size() == 1).toList();
        if (single.size() <= settings.maxGenreSongs()) {
            return single;
        }
        List<Song> shuffled = new ArrayList<>(single);
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        notes.add("genre metrics on a seeded sample of " + settings.maxGenreSongs() + " of the " + single.size()
                + " songs with one category");
        List<Song> sample = new ArrayList<>(shuffled.subList(0, settings.maxGenreSongs()));
        sample.sort(java.util.Comparator.comparingLong(Song::rowid));
        return sample;
    }

    /** Category index of songs with exactly one category, else -1 (the k-NN metrics' convention). */
    private int[] singleCategory(List<Song> songs) {
        int[] c = new int[songs.size()];
        for (int i = 0; i < c.length; i++) {
            Set<GenreCategory> cats = mapper.categories(songs.get(i).genre());
            c[i] = cats.size() == 1 ? cats.iterator().next().ordinal() : -1;
        }
        return c;
    }

    /** Accuracy of always answering the most common category (as {@link GenreNeighbourMetrics#chance()}). */
    private static double chance(int[] category) {
        int[] counts = new int[GenreCategory.COUNT];
        for (int c : category) {
            counts[c]++;
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return category.length == 0 ? Double.NaN : max / (double) category.length;
    }

    private static double[] stars(List<Song> rated) {
        return rated.stream().mapToDouble(Song::stars).toArray();
    }

    /**
     * Each dimension to mean 0, std 1 over the evaluated songs. Log-CQT means share a large common
     * offset, under which every pair of songs has cosine ≈ 1; standardising lets cosine see the
     * differences. It uses no labels, so it does not flatter the baseline.
     */
    static Map<Long, float[]> standardise(List<Song> songs, Map<Long, float[]> raw) {
        Map<Long, float[]> out = new LinkedHashMap<>();
        if (songs.isEmpty()) {
            return out;
        }
        int d = raw.get(songs.get(0).rowid()).length;
        double[] mean = new double[d], sq = new double[d];
        for (Song s : songs) {
            float[] v = raw.get(s.rowid());
            for (int j = 0; j < d; j++) {
                mean[j] += v[j];
                sq[j] += (double) v[j] * v[j];
            }
        }
        int n = songs.size();
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
            sd[j] = Math.sqrt(Math.max(0, sq[j] / n - mean[j] * mean[j]));
        }
        for (Song s : songs) {
            float[] v = raw.get(s.rowid());
            float[] z = new float[d];
            for (int j = 0; j < d; j++) {
                z[j] = sd[j] > 1e-12 ? (float) ((v[j] - mean[j]) / sd[j]) : 0f;
            }
            out.put(s.rowid(), z);
        }
        return out;
    }
}
