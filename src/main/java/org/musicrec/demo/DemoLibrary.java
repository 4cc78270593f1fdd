package org.musicrec.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.musicrec.io.AtomicFiles;

/**
 * Builds the built-in demo library in a folder:
 * <pre>
 * dir/music/Artist/Album/NN - Title.ext   audio (mp3, ogg, flac, m4a, opus), tagged
 * dir/clementine.db                         Clementine-schema DB cataloguing dir/music, with ratings
 * dir/truth.csv                             hidden taste rule per song (path,stars)
 * dir/demo_plan.csv                         category and sound parameters per song
 * dir/.demo-fingerprint                     the options the folder is being built for (written first)
 * dir/.demo-complete                        the same, written last: the demo is complete
 * </pre>
 * Idempotent and resumable: a complete demo with the same options is reused as is; an interrupted
 * build keeps its finished audio files (each written atomically) and makes only the rest; a demo
 * built with other options is replaced. A non-empty folder that is not a demo is never touched.
 */
public final class DemoLibrary {
    static final String MARKER = ".demo-complete";
    static final String FINGERPRINT = ".demo-fingerprint";

    private DemoLibrary() {
    }

    /** Creates (or reuses) the demo library in {@code dir}. */
    public static DemoResult create(Path dir, DemoOptions opts, ProgressListener progress) throws IOException {
        long t0 = System.nanoTime();
        Path root = dir.toAbsolutePath().normalize();
        Path music = root.resolve("music");
        Path db = root.resolve("clementine.db");
        Path truth = root.resolve("truth.csv");
        Path planCsv = root.resolve("demo_plan.csv");
        boolean ascii = !PathNames.platformSupportsUnicode();
        List<SongPlan> plans = LibraryPlanner.plan(opts, ascii);
        String fingerprint = opts.fingerprint() + (ascii ? " ascii-file-names" : "");

        if (isComplete(root, fingerprint, db, music, plans)) {
            return result(root, music, db, truth, planCsv, plans, true, t0);
        }
        prepareFolder(root, music, fingerprint);
        requireEncoders(opts);

        progress.stage("audio");
        renderAll(music, plans, opts.threads(), progress);
        progress.stage("database");
        new ClementineDbWriter().write(db, music, plans);
        DemoFiles.writeTruth(truth, music, plans);
        DemoFiles.writePlan(planCsv, music, plans);
        AtomicFiles.writeString(root.resolve(MARKER), fingerprint); // last: everything above is complete
        progress.stage("done");
        return result(root, music, db, truth, planCsv, plans, false, t0);
    }

    private static boolean isComplete(Path root, String fingerprint, Path db, Path music, List<SongPlan> plans)
            throws IOException {
        Path marker = root.resolve(MARKER);
        if (!Files.isRegularFile(marker) || !Files.readString(marker, StandardCharsets.UTF_8).equals(fingerprint)
                || !Files.isRegularFile(db)) {
            return false;
        }
        return plans.stream().allMatch(p -> Files.isRegularFile(music.resolve(p.relativePath())));
    }

    /**
     * Makes {@code root} ready for building with {@code fingerprint}: keeps a matching partial
     * build, clears a demo built with other options, refuses a folder that is not a demo.
     */
    private static void prepareFolder(Path root, Path music, String fingerprint) throws IOException {
        Path fp = root.resolve(FINGERPRINT);
        Files.deleteIfExists(root.resolve(MARKER));
        if (Files.isRegularFile(fp)) {
            if (!Files.readString(fp, StandardCharsets.UTF_8).equals(fingerprint)) {
                deleteTree(music); // a demo of other options: start over
            } else {
                deleteTempFiles(music); // leftovers of an interrupted run of this very build
            }
        } else if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(root + ": folder is not empty and holds no demo library; "
                            + "choose an empty or new folder");
                }
            }
        }
        Files.createDirectories(music);
        AtomicFiles.writeString(fp, fingerprint);
    }

    private static void requireEncoders(DemoOptions opts) throws IOException {
        List<String> missing = opts.formats().stream().filter(f -> !AudioEncoder.isAvailable(f))
                .map(f -> f.extension() + " (" + f.encoder() + ")").toList();
        if (!missing.isEmpty()) {
            throw new IOException("this FFmpeg build lacks encoders for " + missing + "; choose other formats");
        }
    }

    /** Renders and encodes every song whose file is missing, on {@code threads} workers. */
    private static void renderAll(Path music, List<SongPlan> plans, int threads, ProgressListener progress)
            throws IOException {
        int total = plans.size();
        Counter counter = new Counter(total, progress);
        List<SongPlan> todo = new ArrayList<>();
        for (SongPlan p : plans) {
            if (Files.isRegularFile(music.resolve(p.relativePath()))) {
                counter.done(p); // complete from an interrupted earlier run (files are written atomically)
            } else {
                todo.add(p);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "demo-render");
            t.setDaemon(true);
            return t;
        });
        try {
            Synthesizer synth = new Synthesizer();
            AudioEncoder encoder = new AudioEncoder();
            List<Future<?>> futures = new ArrayList<>();
            for (SongPlan p : todo) {
                futures.add(pool.submit(() -> {
                    Pcm pcm = synth.render(p);
                    AudioEncoder.Tags tags = new AudioEncoder.Tags(p.title(), p.artist(), p.album(), p.genreTag(),
                            p.year(), p.track());
                    try {
                        encoder.encode(pcm, p.format(), tags, music.resolve(p.relativePath()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    counter.done(p);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("demo build interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("demo song failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Serialises progress callbacks from the workers. */
    private static final class Counter {
        private final int total;
        private final ProgressListener listener;
        private int done;

        Counter(int total, ProgressListener listener) {
            this.total = total;
            this.listener = listener;
        }

        synchronized void done(SongPlan p) {
            listener.songDone(++done, total, p);
        }
    }

    private static void deleteTempFiles(Path music) throws IOException {
        if (!Files.isDirectory(music)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(music)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(AtomicFiles::isTemp).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static DemoResult result(Path root, Path music, Path db, Path truth, Path planCsv, List<SongPlan> plans,
                                     boolean reused, long t0) {
        int rated = (int) plans.stream().filter(SongPlan::rated).count();
        int untagged = (int) plans.stream().filter(p -> p.genreTag().isEmpty()).count();
        return new DemoResult(root, music, db, truth, planCsv, plans.size(), rated, untagged, reused,
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
