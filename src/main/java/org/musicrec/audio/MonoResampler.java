package org.musicrec.audio;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Any decoded frame (any sample format, rate and channel count) → mono float at the target rate,
 * with swresample's default down-mix. Set up lazily from the first frame and again whenever the
 * stream's format changes mid-file. Not thread-safe; one per open file.
 */
final class MonoResampler implements AutoCloseable {
    private final int outRate;
    private SwrContext swr;
    private int inFormat = -1;
    private int inRate = -1;
    private long inLayout = -1;
    private FloatPointer out = new FloatPointer(0);
    private final PointerPointer<FloatPointer> outPlanes = new PointerPointer<>(1);
    private float[] samples = new float[0];

    MonoResampler(int outRate) {
        this.outRate = outRate;
    }

    /** Converts a frame; the result is in {@link #samples()}[0..returned). */
    int convert(AVFrame frame) throws AudioException {
        long layout = layoutOf(frame);
        if (swr == null || frame.format() != inFormat || frame.sample_rate() != inRate || layout != inLayout) {
            open(frame.format(), frame.sample_rate(), layout);
        }
        return run(frame.extended_data(), frame.nb_samples());
    }

    /** Drains what the resampler still holds (at end of stream). */
    int flush() throws AudioException {
        return swr == null ? 0 : run(null, 0);
    }

    /** Forgets buffered input, e.g. after a seek: the next frame starts afresh. */
    void reset() {
        free();
    }

    float[] samples() {
        return samples;
    }

    private static long layoutOf(AVFrame frame) {
        long layout = frame.channel_layout();
        int channels = frame.channels();
        // Some demuxers (WAV without a channel mask, raw streams) give no layout: assume the default one.
        if (layout == 0 || avutil.av_get_channel_layout_nb_channels(layout) != channels) {
            layout = avutil.av_get_default_channel_layout(channels);
        }
        return layout;
    }

    private void open(int format, int rate, long layout) throws AudioException {
        free();
        swr = swresample.swr_alloc_set_opts(null, avutil.AV_CH_LAYOUT_MONO, avutil.AV_SAMPLE_FMT_FLT, outRate,
                layout, format, rate, 0, null);
        int err = swr == null ? -22 /* AVERROR(EINVAL) */ : swresample.swr_init(swr);
        if (err < 0) {
            free();
            throw AudioException.failed("unsupported audio format",
                    "cannot resample " + rate + " Hz, layout " + layout + ": " + FfmpegErrors.text(err));
        }
        inFormat = format;
        inRate = rate;
        inLayout = layout;
    }

    private int run(PointerPointer<?> in, int inCount) throws AudioException {
        int capacity = swresample.swr_get_out_samples(swr, inCount);
        if (capacity <= 0) {
            return 0;
        }
        if (out.capacity() < capacity) {
            out.close();
            out = new FloatPointer(capacity);
        }
        outPlanes.put(0, out);
        int n = swresample.swr_convert(swr, outPlanes, capacity, in, inCount);
        if (n < 0) {
            throw AudioException.failed("corrupt or unsupported audio", "resampling: " + FfmpegErrors.text(n));
        }
        if (samples.length < n) {
            samples = new float[Math.max(n, samples.length * 2)];
        }
        out.get(samples, 0, n);
        return n;
    }

    private void free() {
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
        inFormat = -1;
    }

    @Override
    public void close() {
        free();
        out.close();
        outPlanes.close();
    }
}
