package org.musicrec.testing;

import org.musicrec.demo.AudioEncoder;
import org.musicrec.demo.AudioFormat;
import org.musicrec.demo.Pcm;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;
import org.musicrec.library.TrackSpan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An album image as a ripper leaves it: one FLAC holding three tracks and a CUE sheet of the same name
 * beside it ({@code Album.flac} + {@code Album.cue}, the pairing Clementine's and Strawberry's library
 * scans look for). Each track is a tone of its own frequency over quiet seeded noise, so a track's audio
 * can be told from the others' by its dominant frequency and found sample by sample (the noise makes
 * every offset unique). Mono FLAC at {@link #RATE}: lossless at the rate musicrec caches at, so the
 * decoded samples are the generated ones.
 *
 * @param samples the whole image, int16
 */
public record CueImage(Path audio, Path sheet, short[] samples, List<Track> tracks) {
    public static final int RATE = 16_000;
    public static final String ARTIST = "Cue Artist";
    public static final String ALBUM = "Cue Album";

    /**
     * One track of the image. Starts are whole CUE frames (1/75 s), as in real sheets.
     *
     * @param number 1-based
     */
    public record Track(int number, String title, double hz, double startSeconds, double seconds) {
        public long beginningNanos() {
            return Math.round(startSeconds * 1e9);
        }

        public long lengthNanos() {
            return Math.round(seconds * 1e9);
        }

        public long startSample() {
            return Math.round(startSeconds * RATE);
        }
    }

    private static final double[][] PLAN = {{440, 25}, {880, 30}, {1320, 35}};
    private static final String[] TITLES = {"First Tone", "Second Tone", "Third Tone"};

    /** Writes {@code dir/Album.flac} and {@code dir/Album.cue}. */
    public static CueImage create(Path dir) throws IOException {
        List<Track> tracks = new ArrayList<>();
        double start = 0;
        for (int i = 0; i < PLAN.length; i++) {
            tracks.add(new Track(i + 1, TITLES[i], PLAN[i][0], start, PLAN[i][1]));
            start += PLAN[i][1];
        }
        short[] samples = new short[(int) Math.round(start * RATE)];
        SplittableRandom noise = new SplittableRandom(7);
        for (Track t : tracks) {
            long from = t.startSample();
            long n = Math.round(t.seconds() * RATE);
            for (int k = 0; k < n; k++) {
                double v = 0.4 * Math.sin(2 * Math.PI * t.hz() * k / RATE) + 0.05 * (noise.nextDouble() * 2 - 1);
                samples[(int) (from + k)] = (short) Math.round(v * 32767);
            }
        }
        Path audio = dir.resolve("Album.flac");
        Files.createDirectories(dir);
        new AudioEncoder().encode(new Pcm(samples, RATE, 1), AudioFormat.FLAC,
                new AudioEncoder.Tags(ALBUM, ARTIST, ALBUM, "Jazz", 2001, 0), audio);
        Path sheet = dir.resolve("Album.cue");
        Files.writeString(sheet, sheet(tracks), StandardCharsets.UTF_8);
        return new CueImage(audio, sheet, samples, List.copyOf(tracks));
    }

    private static String sheet(List<Track> tracks) {
        StringBuilder sb = new StringBuilder();
        sb.append("REM GENRE \"Jazz\"\nREM DATE 2001\nPERFORMER \"").append(ARTIST).append("\"\nTITLE \"")
                .append(ALBUM).append("\"\nFILE \"Album.flac\" WAVE\n");
        for (Track t : tracks) {
            long frames = Math.round(t.startSeconds() * 75);
            sb.append(String.format(java.util.Locale.ROOT, "  TRACK %02d AUDIO%n    TITLE \"%s\"%n    PERFORMER \"%s\"%n"
                    + "    INDEX 01 %02d:%02d:%02d%n", t.number(), t.title(), ARTIST, frames / 4500, frames / 75 % 60,
                    frames % 75));
        }
        return sb.toString();
    }

    public double seconds() {
        return samples.length / (double) RATE;
    }

    /** The image's samples from {@code from} for {@code n} samples, as floats in [-1, 1]. */
    public float[] slice(long from, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n && from + i < samples.length; i++) {
            out[i] = samples[(int) (from + i)] / 32768f;
        }
        return out;
    }

    /** The songs a player lists for this image: one per track, as Clementine and Strawberry store them. */
    public List<Song> songs(long firstRowid) throws IOException {
        long mtime = Files.getLastModifiedTime(audio).toMillis() / 1000;
        long size = Files.size(audio);
        List<Song> out = new ArrayList<>();
        for (Track t : tracks) {
            out.add(new Song(firstRowid + t.number() - 1, t.title(), ARTIST, ALBUM, 2001, -1, "Jazz",
                    FileUrls.toUrl(audio), audio, mtime, size, t.seconds(),
                    new TrackSpan(t.beginningNanos(), t.lengthNanos(), t.number(), sheet)));
        }
        return out;
    }
}
