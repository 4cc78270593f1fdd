package org.musicrec.eval;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.dsp.CqtParams;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.embed.EmbeddingExtractor;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.io.AtomicFiles;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.Workspace;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code evaluate} stage: gathers the learned embeddings of a version and the hand features of
 * the same cached songs (kept in {@link Workspace#handFeaturesDb()} between runs), runs the {@link Evaluator}, prints the table and, given a folder, writes
 * {@code evaluation.json} and {@code evaluation.txt} there.
 */
public final class EvaluateService {
    public static final String JSON = "evaluation.json";
    public static final String TEXT = "evaluation.txt";
    /** Chunks per CQT batch for the hand features (4 songs of 4 chunks). */
    private static final int CHUNKS_PER_BATCH = 16;

    private EvaluateService() {
    }

    /**
     * @param truthCsv {@code path,stars} CSV of true stars for unrated songs, or null
     * @param outDir   folder for evaluation.json / evaluation.txt, or null to only print
     */
    public static EvaluationReport run(MusicrecConfig cfg, CachedLibrary lib, EmbeddingStore store, String version,
                                       Path truthCsv, Path outDir, Progress progress, PrintStream out)
            throws IOException {
        Map<Path, TruthFile.SongTruth> truth = truthCsv == null ? null : TruthFile.readAll(truthCsv);   // fail fast on a bad file
        Map<String, float[]> byPath = store.getAll(version);
        if (byPath.isEmpty()) {
            throw new IOException("no embeddings of version '" + version + "' in the store (present: "
                    + store.versions() + "); run the embed stage first");
        }
        List<Song> withEmbedding = new ArrayList<>();
        Map<Long, float[]> learned = new LinkedHashMap<>();
        for (Song s : lib.cachedSongs()) {
            float[] e = byPath.get(EmbeddingExtractor.key(s));
            if (e != null) {
                withEmbedding.add(s);
                learned.put(s.rowid(), e);
            }
        }
        List<String> problems = new ArrayList<>();
        CqtParams cqt = CqtFactory.params(cfg.cqt(), cfg.audio());
        HandFeatures hf = new HandFeatures(Cqt.create(cqt), HandFeatures.fromCache(lib.cache()), CHUNKS_PER_BATCH);
        Map<Long, float[]> hand;
        try (EmbeddingStore handStore = EmbeddingStore.open(Workspace.of(cfg).handFeaturesDb())) {
            hand = StoredHandFeatures.load(handStore, StoredHandFeatures.version(cqt, cfg.audio()), withEmbedding,
                    lib.cache(), hf, progress, p -> {
                        problems.add(p);
                        out.println(p);
                    });
        }
        List<Song> songs = withEmbedding.stream().filter(s -> hand.containsKey(s.rowid())).toList();
        if (songs.isEmpty()) {
            throw new IOException("no cached song has an embedding of version '" + version + "' and readable audio");
        }
        Evaluator ev = new Evaluator(cfg.classifier(), cfg.trainSplit(), cfg.seed(), new GenreMapper(),
                Evaluator.Settings.defaults());
        Map<Long, SongDescriptors> descriptors = new LinkedHashMap<>();
        try (DescriptorStore ds = DescriptorStore.openIfExists(Workspace.of(cfg).descriptorsDb())) {
            Map<String, SongDescriptors> stored = ds == null ? Map.of() : ds.getAll(SongDescriptors.ALGORITHM);
            for (Song s : songs) {
                SongDescriptors d = stored.get(EmbeddingExtractor.key(s));
                if (d != null) {
                    descriptors.put(s.rowid(), d);
                }
            }
        }
        EvaluationReport r = ev.evaluate(version, songs, learned, hand, descriptors, truth, out::println);
        List<String> notes = new ArrayList<>(r.notes());
        int without = lib.cachedSongs().size() - withEmbedding.size();
        if (without > 0) {
            notes.add(without + " cached songs have no embedding of this version and were left out");
        }
        if (!problems.isEmpty()) {
            notes.add(problems.size() + " songs left out: their cached audio could not be read");
        }
        // what the ratings follow, as classifier says it: on the same rated songs and descriptors
        List<Song> rated = songs.stream().filter(Song::isRated).toList();
        List<String> follow = org.musicrec.recommend.TasteExplanation.of(rated, s -> descriptors.get(s.rowid()),
                new GenreMapper(), cfg.seed()).stream().map(org.musicrec.recommend.TasteExplanation.Effect::text).toList();
        r = new EvaluationReport(r.embeddingVersion(), r.songs(), r.genreSongs(), r.genreChance(), r.ratedSongs(),
                r.cvFolds(), r.useGenre(), r.truthSongs(), r.representations(), r.best(), r.beats(), r.loses(),
                r.verdict(), notes, follow);
        out.print(r.format());
        if (outDir != null) {
            AtomicFiles.writeString(outDir.resolve(JSON), r.toJson());
            AtomicFiles.writeString(outDir.resolve(TEXT), r.format());
            out.println("-> " + outDir.resolve(JSON));
        }
        return r;
    }
}
