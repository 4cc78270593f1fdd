package org.musicrec.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.TestPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void readsNumpyWrittenReference() throws IOException {
        Npy.Array a = Npy.read(TestPaths.shared().resolve("reference/cqt/cqt/sine_bin40__librosa.npy"));
        assertArrayEquals(new int[]{84, 313}, a.shape());
        float[] v = a.toFloats();
        // bin 40 must dominate for a sine on its centre frequency
        int best = 0;
        for (int k = 0; k < 84; k++) {
            if (v[k * 313 + 150] > v[best * 313 + 150]) {
                best = k;
            }
        }
        assertEquals(40, best);
    }

    @Test
    void roundTripsEveryDtypeAndHeaderIsAligned() throws IOException {
        float[] f = {0f, 1.5f, -2.25f, 65504f, 1e-5f, -0f};
        Path p = tmp.resolve("f.npy");
        Npy.write(p, Npy.ofFloats(f, 2, 3));
        byte[] bytes = Files.readAllBytes(p);
        int headerLen = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8);
        assertEquals(0, (10 + headerLen) % 64);
        Npy.Array r = Npy.read(p);
        assertArrayEquals(new int[]{2, 3}, r.shape());
        assertArrayEquals(f, r.toFloats());

        short[] s = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE};
        Npy.write(p, Npy.ofShorts(s, 5));
        assertArrayEquals(s, Npy.read(p).toShorts());

        Npy.write(p, Npy.ofHalfFloats(f, 6));
        float[] h = Npy.read(p).toFloats();
        for (int i = 0; i < f.length; i++) {
            assertEquals(f[i], h[i], Math.abs(f[i]) * 1e-3 + 1e-7, "half " + f[i]);
        }
    }

    @Test
    void halfFloatMatchesIeeeOnEdgeCases() {
        assertEquals(0x3c00, HalfFloat.fromFloat(1f) & 0xffff);
        assertEquals(0xc000, HalfFloat.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, HalfFloat.fromFloat(65504f) & 0xffff);
        assertEquals(0x7c00, HalfFloat.fromFloat(1e6f) & 0xffff);
        assertEquals(0x0001, HalfFloat.fromFloat(0x1p-24f) & 0xffff);
        assertTrue(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(Float.NaN))));
        assertEquals(0x1p-24f, HalfFloat.toFloat((short) 1));
    }

    @Test
    void rejectsDamagedFilesWithTheirName() throws IOException {
        Path p = tmp.resolve("x.npy");
        Npy.write(p, Npy.ofFloats(new float[100], 100));
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length - 10));
        IOException e = assertThrows(IOException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("x.npy") && e.getMessage().contains("truncated"), e.getMessage());
        Files.writeString(p, "garbage");
        assertThrows(IOException.class, () -> Npy.read(p));
    }

    @Test
    void readsOneRowAloneInEveryDtype() throws IOException {
        float[] values = new float[4 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 5 - 2) * 0.5f;   // exact in every dtype
        }
        short[] shorts = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            shorts[i] = (short) (i * 3 - 40);
        }
        for (Npy.Array whole : new Npy.Array[] {Npy.ofFloats(values, 4, 7), Npy.ofHalfFloats(values, 4, 7),
                Npy.ofShorts(shorts, 4, 7)}) {
            Path p = tmp.resolve("rows-" + whole.dtype() + ".npy");
            Npy.write(p, whole);
            float[] all = Npy.read(p).toFloats();
            for (int r = 0; r < 4; r++) {
                Npy.Array row = Npy.readRow(p, r);
                assertArrayEquals(new int[] {1, 7}, row.shape());
                assertArrayEquals(Arrays.copyOfRange(all, r * 7, r * 7 + 7), row.toFloats(), whole.dtype() + " row " + r);
            }
            IOException e = assertThrows(IOException.class, () -> Npy.readRow(p, 4));
            assertTrue(e.getMessage().contains("no row 4"), e.getMessage());
            byte[] b = Files.readAllBytes(p);
            Files.write(p, Arrays.copyOf(b, b.length - 3));   // a damaged file fails whichever row is asked
            e = assertThrows(IOException.class, () -> Npy.readRow(p, 0));
            assertTrue(e.getMessage().contains(p.getFileName().toString()) && e.getMessage().contains("truncated"), e.getMessage());
        }
    }
}
