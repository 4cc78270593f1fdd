package org.musicrec.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 16-bit PCM WAV files for tests. */
public final class Wav {
    private Wav() {
    }

    /** Interleaved samples in [-1, 1]; {@code frames × channels} values. */
    public static void write(Path file, int rate, int channels, float[] interleaved) throws IOException {
        int dataBytes = interleaved.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (float v : interleaved) {
            b.putShort(toPcm(v));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b.array());
    }

    public static short toPcm(float v) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767f)));
    }

    /** A mono signal that differs everywhere (sine whose frequency steps each second, plus a ramp). */
    public static float[] clock(int rate, double seconds, long seed) {
        int n = (int) Math.round(rate * seconds);
        float[] x = new float[n];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double f = 150 + 23 * Math.floor(t) + (seed % 50);
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * t) + 0.05 * (r.nextDouble() - 0.5));
        }
        return x;
    }

    /** Mono sine-clock WAV of the given length. */
    public static Path writeClock(Path file, int rate, double seconds, long seed) throws IOException {
        write(file, rate, 1, clock(rate, seconds, seed));
        return file;
    }
}
