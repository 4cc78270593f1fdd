package org.musicrec.audio;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.musicrec.config.AudioConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns an audio file into {@link SongChunks} with FFmpeg in-process: any container and codec
 * FFmpeg knows, any rate and channel count, down-mixed to mono at the configured rate.
 *
 * <p>The duration comes from the container; only the planned chunks are decoded, seeking to each
 * (overlapping or nearly adjacent chunks are decoded in one run). When the container states no
 * duration, or states one the stream does not reach, the whole file is decoded once and the chunks
 * are cut from it. Decoding is single-threaded per file unless configured otherwise, so the same
 * file always gives the same samples. Thread-safe: all native state lives within one call.
 *
 * <p>A track of an album image ({@link Section}) is decoded the same way within its own span: the chunk
 * plan spreads the chunks over the track's length, positions count from the track's start, and no sample
 * past its end is read (a track shorter than a chunk is zero-padded, not filled with the next track).
 */
public final class FfmpegDecoder {
    static {
        // FFmpeg would print every file's header and every damaged frame to stderr; the cache
        // reports one clear reason per file instead.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    /** Chunks closer than this are decoded in one run: decoding a second is cheaper than a seek. */
    private static final double JOIN_GAP_SECONDS = 1.0;
    /** Containers' durations are estimates (mp3 without a header): tolerate this much shortfall. */
    private static final double SHORTFALL_TOLERANCE_SECONDS = 1.0;

    private final int rate;
    private final int numChunks;
    private final int chunkSamples;
    private final double maxDuration;
    private final int threads;

    public FfmpegDecoder(AudioConfig audio, int ffmpegThreads) {
        this.rate = audio.sampleRate();
        this.numChunks = audio.numChunks();
        this.chunkSamples = audio.chunkSamples();
        this.maxDuration = audio.maxDuration();
        this.threads = Math.max(1, ffmpegThreads);
    }

    public SongChunks decode(Path file) throws AudioException {
        return decode(file, Section.WHOLE_FILE);
    }

    /** The chunks of {@code section} of the file: the whole file, or one track of an album image. */
    public SongChunks decode(Path file, Section section) throws AudioException {
        preflight(file);
        try (PointerScope scope = new PointerScope()) {
            try (FfmpegInput in = new FfmpegInput(file, rate, threads)) {
                double duration = section.length(in.containerDuration());
                if (!Double.isNaN(duration)) {
                    checkLength(duration);
                    SongChunks planned = readPlanned(in, section, duration);
                    if (planned != null) {
                        return planned;
                    }
                }
            }
            try (FfmpegInput in = new FfmpegInput(file, rate, threads)) {
                return readWhole(in, section, section.length(in.containerDuration()));
            }
        }
    }

    /** Like {@link #decode} but never seeks: decodes the whole file and cuts the chunks from memory. */
    SongChunks decodeWhole(Path file) throws AudioException {
        return decodeWhole(file, Section.WHOLE_FILE);
    }

    /** Like {@link #decode} but decodes the whole section (seeking once, to its start) and cuts the chunks from memory. */
    SongChunks decodeWhole(Path file, Section section) throws AudioException {
        preflight(file);
        try (PointerScope scope = new PointerScope(); FfmpegInput in = new FfmpegInput(file, rate, threads)) {
            return readWhole(in, section, section.length(in.containerDuration()));
        }
    }

    /**
     * How many samples past the section's start may be read: all of a whole file (a header that states
     * too little must not cut real audio off), only its own of a track (the rest is the next track's).
     */
    private static long readLimit(Section section, long sectionSamples) {
        return section.isWholeFile() ? Long.MAX_VALUE : sectionSamples;
    }

    private static void preflight(Path file) throws AudioException {
        if (!Files.exists(file)) {
            throw AudioException.failed("file not found", null);
        }
        if (!Files.isRegularFile(file)) {
            throw AudioException.failed("not a regular file", null);
        }
        if (!Files.isReadable(file)) {
            throw AudioException.failed("file not readable", "permission denied");
        }
        try {
            if (Files.size(file) == 0) {
                throw AudioException.failed("empty file", "0 bytes");
            }
        } catch (java.io.IOException e) {
            throw AudioException.failed("file not readable", e.getMessage());
        }
    }

    private void checkLength(double seconds) throws AudioException {
        if (seconds > maxDuration) {
            throw AudioException.skipped("longer than max_duration " + secs(maxDuration) + " s", secs(seconds) + " s", seconds);
        }
    }

    private static String secs(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /** Decodes only the planned chunks; null when the stream ends well before the stated duration. */
    private SongChunks readPlanned(FfmpegInput in, Section section, double duration) throws AudioException {
        ChunkPlan plan = ChunkPlan.ofSeconds(duration, rate, numChunks, chunkSamples);
        long origin = section.startSample(rate);
        long limit = readLimit(section, plan.totalSamples());
        float[][] chunks = new float[numChunks][];
        int[] valid = new int[numChunks];
        int i = 0;
        while (i < numChunks) {
            // Group chunks that overlap or nearly touch into one decoded run.
            int j = i;
            long runStart = plan.offset(i);
            long runEnd = runStart + chunkSamples;
            while (j + 1 < numChunks && plan.offset(j + 1) <= runEnd + JOIN_GAP_SECONDS * rate) {
                j++;
                runEnd = plan.offset(j) + chunkSamples;
            }
            // past the limit (a track's end) the run stays short and copyOfRange pads the chunks with zeros
            float[] run = new float[Math.toIntExact(Math.max(0, Math.min(runEnd, limit) - runStart))];
            int got = in.read(origin + runStart, run);
            for (int k = i; k <= j; k++) {
                int at = (int) (plan.offset(k) - runStart);
                chunks[k] = Arrays.copyOfRange(run, at, at + chunkSamples);
                valid[k] = Math.max(0, Math.min(chunkSamples, got - at));
                if (plan.validSamples(k) - valid[k] > SHORTFALL_TOLERANCE_SECONDS * rate) {
                    return null;
                }
            }
            i = j + 1;
        }
        if (valid[0] == 0) {
            return null;
        }
        return new SongChunks(duration, "container", plan, chunks, valid, duration);
    }

    /**
     * Decodes the whole section (up to just past max_duration) and cuts the chunks from memory.
     *
     * @param statedSeconds the section's length as stated (the header's, or the player's for a track); NaN when unknown
     */
    private SongChunks readWhole(FfmpegInput in, Section section, double statedSeconds) throws AudioException {
        long cap = (long) Math.ceil(maxDuration * rate) + 1;
        long origin = section.startSample(rate);
        long limit = Double.isNaN(statedSeconds) ? Long.MAX_VALUE
                : readLimit(section, Math.round(statedSeconds * rate));
        float[] all = new float[Math.min(Math.toIntExact(Math.min(cap, Integer.MAX_VALUE - 8)), 60 * rate)];
        int total = 0;
        float[] block = new float[10 * rate];
        while (true) {
            int got = (int) Math.min(in.read(origin + total, block), limit - total);
            if (total + got > all.length) {
                all = Arrays.copyOf(all, Math.max(total + got, all.length * 2));
            }
            System.arraycopy(block, 0, all, total, got);
            total += got;
            if (total > cap - 1) {
                throw AudioException.skipped("longer than max_duration " + secs(maxDuration) + " s",
                        "more than " + secs(maxDuration) + " s decoded", total / (double) rate);
            }
            if (got < block.length || total >= limit) {
                break;
            }
        }
        if (total == 0) {
            String why = in.decodeErrors() > 0 ? in.lastError() : "stream has no samples";
            throw AudioException.failed("corrupt or unsupported audio: no audio decoded", why);
        }
        ChunkPlan plan = ChunkPlan.of(total, numChunks, chunkSamples);
        float[][] chunks = new float[numChunks][];
        int[] valid = new int[numChunks];
        for (int k = 0; k < numChunks; k++) {
            int at = (int) plan.offset(k);
            chunks[k] = new float[chunkSamples];
            valid[k] = plan.validSamples(k);
            System.arraycopy(all, at, chunks[k], 0, valid[k]);
        }
        return new SongChunks(total / (double) rate, "decoded", plan, chunks, valid, statedSeconds);
    }
}
