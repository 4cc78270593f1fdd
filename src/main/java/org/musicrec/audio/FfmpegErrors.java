package org.musicrec.audio;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** FFmpeg error codes as text. */
final class FfmpegErrors {
    /** AVERROR(EAGAIN) on Linux: the decoder wants more input / has output to drain first. */
    static final int EAGAIN = -11;

    private FfmpegErrors() {
    }

    static String text(int err) {
        try (BytePointer buf = new BytePointer(256)) {
            if (avutil.av_strerror(err, buf, buf.capacity()) < 0) {
                return "FFmpeg error " + err;
            }
            return buf.getString();
        }
    }
}
