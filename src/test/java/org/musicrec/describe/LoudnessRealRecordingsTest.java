package org.musicrec.describe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.audio.FfmpegDecoder;
import org.musicrec.audio.SongChunks;
import org.musicrec.config.AudioConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The product path on real stereo recordings (44.1 kHz Ogg Vorbis from Debian packages): the project's decoder
 * cuts each file into the cache's 4 × 30 s chunks of 16 kHz mono, {@link LoudnessMeter} measures them, and the
 * reference is FFmpeg's {@code ebur128} on the whole original stereo file.
 *
 * <p>Two sets: the 8 Frets on Fire songs (fretsonfire-songs-muldjord / -sectoid, 2.4–4.8 min, typical song lengths)
 * and the 4 longest Nexuiz tracks (nexuiz-music, 6.7–9.5 min, quiet intros and breaks), where 4 × 30 s covers a
 * quarter of the song or less. Two errors add up: the down-mix (the correction assumes an average inter-channel
 * correlation) and the excerpts (they over-represent intro and outro).
 */
class LoudnessRealRecordingsTest {
    private static final Path FRETS_ON_FIRE = Path.of("/usr/share/games/fretsonfire/data/songs");
    private static final Path NEXUIZ_MUSIC = Path.of("/usr/share/games/nexuiz/data/music.pk3");
    private static final int RATE = 16_000;
    /** nexuiz-music's four longest tracks (of 18; measured with ffprobe), longest first. */
    private static final List<String> LONGEST_NEXUIZ = List.of(
            "breakdown-easy.ogg", "subcities.ogg", "brainsukker.ogg", "thru-the-mirror.ogg");

    @TempDir
    Path tmp;

    private record Track(String name, Path file, boolean typicalLength) {
    }

    @Test
    void cachedChunksReadWithinOneLuOfFfmpegOnTheStereoOriginal() throws Exception {
        assumeTrue(LoudnessFfmpeg.available(), "no " + LoudnessFfmpeg.FFMPEG);
        List<Track> tracks = new ArrayList<>(fretsOnFire());
        tracks.addAll(longestNexuiz());
        assumeTrue(!tracks.isEmpty(), "neither fretsonfire-songs-* nor nexuiz-music is installed");

        FfmpegDecoder decoder = new FfmpegDecoder(new AudioConfig(RATE, 4, 30, 900), 1);
        LoudnessMeter meter = new LoudnessMeter(RATE);
        // Two tracks at a time: FFmpeg runs in its own process while this JVM decodes and measures another.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Row>> rows = new ArrayList<>();
        try {
            for (Track t : tracks) {
                rows.add(pool.submit(() -> measure(t, decoder, meter)));
            }
            double corr = LoudnessMeter.DOWNMIX_CORRECTION_DB;
            System.out.printf(Locale.ROOT, "%-36s %5s %7s %7s %6s %6s %6s | %6s %6s%n", "track", "min", "ref I",
                    "ours I", "diff", "1ch", "dual", "refLRA", "ourLRA");
            for (Future<Row> f : rows) {
                Row r = f.get();
                // What the other candidate conventions would read: the mono as one channel, and as dual-mono.
                System.out.printf(Locale.ROOT, "%-36s %5.1f %7.2f %7.2f %+6.2f %+6.2f %+6.2f | %6.2f %6.2f%n",
                        r.track().name(), r.minutes(), r.ref().integrated(), r.ours().integratedLufs(), r.diff(),
                        r.diff() - corr, r.diff() - corr + 10 * Math.log10(2), r.ref().range(), r.ours().rangeLu());
            }
        } finally {
            pool.shutdownNow();
        }
        double sumDiff = 0;
        double measureNanos = 0;
        List<String> failures = new ArrayList<>();
        for (Future<Row> f : rows) {
            Row r = f.get();
            sumDiff += r.diff();
            measureNanos += r.measureNanos();
            double bound = r.track().typicalLength() ? 1.0 : 3.0;
            if (!(Math.abs(r.diff()) <= bound)) {
                failures.add(r.track().name() + ": I " + r.ours().integratedLufs() + " vs " + r.ref().integrated()
                        + " (bound " + bound + " LU)");
            }
            // Excerpts over-represent intros and outros: the range they show can be much wider than the whole
            // song's, but hardly narrower.
            if (!(r.ours().rangeLu() >= r.ref().range() - 1.0)) {
                failures.add(r.track().name() + ": LRA " + r.ours().rangeLu() + " vs " + r.ref().range());
            }
        }
        double meanDiff = sumDiff / tracks.size();
        System.out.printf(Locale.ROOT, "mean diff %+.2f LU over %d tracks; measure() %.1f ms per song (first calls)%n",
                meanDiff, tracks.size(), measureNanos / 1e6 / tracks.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(Math.abs(meanDiff) < 0.5, "the down-mix correction is off on average: " + meanDiff);
    }

    private record Row(Track track, double minutes, LoudnessFfmpeg.Result ref, Loudness ours, long measureNanos) {
        double diff() {
            return ours.integratedLufs() - ref.integrated();
        }
    }

    private Row measure(Track t, FfmpegDecoder decoder, LoudnessMeter meter) throws Exception {
        LoudnessFfmpeg.Result ref = LoudnessFfmpeg.measure(t.file(), "", tmp);
        SongChunks c = decoder.decode(t.file());
        SongAudio audio = SongAudio.of(c.chunks(), c.validSamples(), RATE);
        long t0 = System.nanoTime();
        Loudness ours = meter.measure(audio);
        return new Row(t, c.durationSeconds() / 60, ref, ours, System.nanoTime() - t0);
    }

    private static List<Track> fretsOnFire() throws IOException {
        if (!Files.isDirectory(FRETS_ON_FIRE)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(FRETS_ON_FIRE, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("song.ogg")).sorted()
                    .map(p -> new Track(p.getParent().getFileName().toString(), p, true)).toList();
        }
    }

    /** {@link #LONGEST_NEXUIZ}, extracted from nexuiz-music's pk3 (a zip) to the temp dir. */
    private List<Track> longestNexuiz() throws IOException {
        if (!Files.isRegularFile(NEXUIZ_MUSIC)) {
            return List.of();
        }
        List<Track> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(NEXUIZ_MUSIC.toFile())) {
            for (String name : LONGEST_NEXUIZ) {
                ZipEntry e = zip.getEntry("sound/cdtracks/" + name);
                if (e == null) {
                    continue;
                }
                Path f = tmp.resolve(name);
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, f);
                }
                out.add(new Track("nexuiz/" + name, f, false));
            }
        }
        return out;
    }
}
