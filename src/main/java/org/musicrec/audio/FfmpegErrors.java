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
        byte[] b = new byte[256];
        try (BytePointer buf = new BytePointer(b.length)) {
            if (avutil.av_strerror(err, buf, b.length) < 0) {
                return "FFmpeg error " + err;
            }
            buf.get(b);
        }
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
