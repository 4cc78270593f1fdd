package org.musicrec.audio;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * One open audio file: demuxer, decoder and resampler for its best audio stream, giving mono
 * float samples at the target rate addressed by sample position from the stream's start.
 * Every native resource is freed by {@link #close()}, also when opening fails half-way.
 * Not thread-safe.
 */
final class FfmpegInput implements AutoCloseable {
    /** Decoded and thrown away before a seek target: lets mp3's bit reservoir and friends settle. */
    private static final double PREROLL_SECONDS = 0.5;

    private final int rate;
    private AVFormatContext fmt;
    private AVCodecContext ctx;
    private AVPacket packet;
    private AVFrame frame;
    private final MonoResampler resampler;
    private int streamIndex = -1;
    private double timeBase;
    private long startPts;
    /**
     * Sample position of the next resampled output sample; -1 = unknown (right after a seek).
     * Set from the first frame's timestamp after a seek, then counted. The resampler restarts at
     * that frame, so after a seek the output may sit up to one output sample (62 µs at 16 kHz) off
     * the grid of a whole-file decode; the same file always gives the same samples.
     */
    private long position;
    private boolean eof;
    private int decodeErrors;
    private String lastError = "";

    FfmpegInput(Path file, int rate, int threads) throws AudioException {
        this.rate = rate;
        this.resampler = new MonoResampler(rate);
        try {
            open(file, threads);
        } catch (AudioException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(Path file, int threads) throws AudioException {
        fmt = new AVFormatContext(null);
        // The path goes to FFmpeg as the bytes the JVM uses for file names, not as a URL: spaces,
        // '#', '%' and non-ASCII names must reach open(2) unchanged.
        try (BytePointer name = new BytePointer(file.toString(), fileNameCharset())) {
            int err = avformat.avformat_open_input(fmt, name, null, null);
            if (err < 0) {
                fmt = null; // FFmpeg freed it
                throw AudioException.failed("corrupt or unsupported audio: " + FfmpegErrors.text(err),
                        "FFmpeg cannot open it as audio");
            }
        }
        int err = avformat.avformat_find_stream_info(fmt, (PointerPointer<?>) null);
        if (err < 0) {
            throw AudioException.failed("corrupt or unsupported audio: " + FfmpegErrors.text(err),
                    "FFmpeg finds no readable stream");
        }
        streamIndex = avformat.av_find_best_stream(fmt, avutil.AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
        if (streamIndex < 0) {
            throw AudioException.failed("no audio stream", fmt.iformat() == null ? null
                    : "format " + fmt.iformat().name().getString());
        }
        AVStream st = fmt.streams(streamIndex);
        timeBase = avutil.av_q2d(st.time_base());
        startPts = st.start_time() == avutil.AV_NOPTS_VALUE() ? 0 : st.start_time();
        AVCodec codec = avcodec.avcodec_find_decoder(st.codecpar().codec_id());
        if (codec == null) {
            throw AudioException.failed("no decoder for this codec",
                    avcodec.avcodec_get_name(st.codecpar().codec_id()).getString());
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        if (ctx == null || avcodec.avcodec_parameters_to_context(ctx, st.codecpar()) < 0) {
            throw AudioException.failed("cannot set up decoder", codec.name().getString());
        }
        ctx.thread_count(threads);
        ctx.pkt_timebase(st.time_base());
        err = avcodec.avcodec_open2(ctx, codec, (PointerPointer<?>) null);
        if (err < 0) {
            throw AudioException.failed("cannot open decoder", codec.name().getString() + ": " + FfmpegErrors.text(err));
        }
        packet = avcodec.av_packet_alloc();
        frame = avutil.av_frame_alloc();
        position = 0;
    }

    private static Charset fileNameCharset() {
        String jnu = System.getProperty("sun.jnu.encoding");
        try {
            return jnu == null ? Charset.defaultCharset() : Charset.forName(jnu);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** The duration the container states, in seconds; NaN when it does not say. */
    double containerDuration() {
        AVStream st = fmt.streams(streamIndex);
        if (st.duration() != avutil.AV_NOPTS_VALUE() && st.duration() > 0) {
            return st.duration() * timeBase;
        }
        if (fmt.duration() != avutil.AV_NOPTS_VALUE() && fmt.duration() > 0) {
            return fmt.duration() / (double) avutil.AV_TIME_BASE;
        }
        return Double.NaN;
    }

    /**
     * Fills {@code dst} with the samples from position {@code start} on, seeking there unless the
     * decoder is already at or just before it. Returns how many samples are real (fewer than
     * dst.length only at the end of the stream); the rest of dst is zero.
     */
    int read(long start, float[] dst) throws AudioException {
        java.util.Arrays.fill(dst, 0f);
        long preroll = Math.round(PREROLL_SECONDS * rate);
        boolean canContinue = position >= 0 && position <= start && start - position < 4 * preroll;
        boolean checkLanding = !canContinue;
        if (!canContinue) {
            seek(start, preroll);
        }
        long end = start + dst.length;
        long furthest = start;
        while (position < 0 || position < end) {
            int n = nextBlock();
            if (n < 0) {
                break;
            }
            if (position < 0) {
                position = start; // no timestamps at all: trust the seek
            }
            if (checkLanding) {
                checkLanding = false;
                if (position > start) {
                    // The demuxer landed after the target (coarse index): go back further, finally to 0.
                    preroll *= 8;
                    seek(start, preroll > start / 2 ? start : preroll);
                    checkLanding = start > 0 && preroll <= start / 2;
                    continue;
                }
            }
            float[] s = resampler.samples();
            long from = Math.max(position, start);
            long to = Math.min(position + n, end);
            if (to > from) {
                System.arraycopy(s, (int) (from - position), dst, (int) (from - start), (int) (to - from));
                furthest = to;
            }
            position += n;
        }
        return (int) (furthest - start);
    }

    /** Damaged packets or frames skipped so far (decoding goes on past them, as players do). */
    int decodeErrors() {
        return decodeErrors;
    }

    String lastError() {
        return lastError;
    }

    private void seek(long target, long preroll) throws AudioException {
        long at = Math.max(0, target - preroll);
        long ts = startPts + Math.round(at / (double) rate / timeBase);
        int err = avformat.av_seek_frame(fmt, streamIndex, ts, avformat.AVSEEK_FLAG_BACKWARD);
        if (err < 0) {
            throw AudioException.failed("cannot seek", FfmpegErrors.text(err));
        }
        avcodec.avcodec_flush_buffers(ctx);
        resampler.reset();
        position = -1;
        eof = false;
    }

    /**
     * Decodes until the resampler yields output; returns the count (samples in resampler.samples())
     * or -1 at the end of the stream. Sets {@link #position} from the first timestamp after a seek.
     */
    private int nextBlock() throws AudioException {
        while (true) {
            int r = avcodec.avcodec_receive_frame(ctx, frame);
            if (r >= 0) {
                if (position < 0) {
                    long pts = frame.best_effort_timestamp();
                    if (pts != avutil.AV_NOPTS_VALUE()) {
                        position = Math.round((pts - startPts) * timeBase * rate);
                    }
                }
                int n = resampler.convert(frame);
                avutil.av_frame_unref(frame);
                if (n > 0) {
                    return n;
                }
                continue;
            }
            if (r == avutil.AVERROR_EOF()) {
                int n = resampler.flush();
                return n > 0 ? n : -1;
            }
            if (r != FfmpegErrors.EAGAIN) {
                noteError(r);
            }
            if (eof) {
                // drained, and the decoder answered something other than EOF: nothing more to get
                int n = resampler.flush();
                return n > 0 ? n : -1;
            }
            feed();
        }
    }

    /** Sends the next packet of our stream to the decoder, or the end-of-stream marker. */
    private void feed() {
        while (true) {
            int r = avformat.av_read_frame(fmt, packet);
            if (r < 0) {
                eof = true;
                avcodec.avcodec_send_packet(ctx, null);
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                int s = avcodec.avcodec_send_packet(ctx, packet);
                if (s < 0 && s != FfmpegErrors.EAGAIN) {
                    noteError(s); // a damaged packet: skip it, as players do
                    continue;
                }
                return;
            } finally {
                avcodec.av_packet_unref(packet);
            }
        }
    }

    private void noteError(int err) {
        decodeErrors++;
        lastError = FfmpegErrors.text(err);
    }

    @Override
    public void close() {
        resampler.close();
        if (frame != null) {
            avutil.av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            avcodec.av_packet_free(packet);
            packet = null;
        }
        if (ctx != null) {
            avcodec.avcodec_free_context(ctx);
            ctx = null;
        }
        if (fmt != null) {
            avformat.avformat_close_input(fmt);
            fmt = null;
        }
    }
}
