package org.musicrec.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} format v1.0 reader/writer for little-endian C-order arrays of
 * float32 ({@code <f4}), float16 ({@code <f2}) and int16 ({@code <i2}).
 *
 * <p>Only what musicrec reads and writes is supported; anything else is rejected with a
 * message naming the file, so a foreign or damaged file never loads as garbage.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** The element types musicrec stores. */
    public enum DType {
        FLOAT32("<f4", 4), FLOAT16("<f2", 2), INT16("<i2", 2);

        public final String descr;
        public final int bytes;

        DType(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        static DType ofDescr(String d) {
            for (DType t : values()) {
                if (t.descr.equals(d)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** An array read from or to be written to a .npy file: shape plus raw little-endian data. */
    public record Array(DType dtype, int[] shape, ByteBuffer data) {
        public long size() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /** The values as float32, converting int16/float16 as stored (no scaling). */
        public float[] toFloats() {
            return toFloats(0, Math.toIntExact(size()));
        }

        /** Values {@code from .. from + n - 1} (in storage order) as float32, converted as {@link #toFloats()}. */
        public float[] toFloats(long from, int n) {
            if (from < 0 || n < 0 || from + n > size()) {
                throw new IndexOutOfBoundsException("values " + from + ".." + (from + n) + " of " + size());
            }
            float[] out = new float[n];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.rewind();
            int at = Math.toIntExact(from * dtype.bytes);
            switch (dtype) {
                case FLOAT32 -> b.position(at).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
                case INT16 -> {
                    short[] q = new short[n];   // bulk copy, then a conversion loop the JIT vectorises
                    b.position(at).slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(q);
                    for (int i = 0; i < n; i++) {
                        out[i] = q[i];
                    }
                }
                case FLOAT16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = HalfFloat.toFloat(b.getShort(at + i * 2));
                    }
                }
            }
            return out;
        }

        public short[] toShorts() {
            if (dtype != DType.INT16) {
                throw new IllegalStateException("array is " + dtype + ", not int16");
            }
            short[] out = new short[Math.toIntExact(size())];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
            return out;
        }
    }

    public static Array ofFloats(float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new Array(DType.FLOAT32, checkShape(values.length, shape), b);
    }

    public static Array ofShorts(short[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return new Array(DType.INT16, checkShape(values.length, shape), b);
    }

    /** Values given as float, stored as IEEE half precision. */
    public static Array ofHalfFloats(float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            b.putShort(i * 2, HalfFloat.fromFloat(values[i]));
        }
        return new Array(DType.FLOAT16, checkShape(values.length, shape), b);
    }

    private static int[] checkShape(long n, int[] shape) {
        long prod = 1;
        for (int s : shape) {
            prod *= s;
        }
        if (prod != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + n + " values");
        }
        return shape.clone();
    }

    /** The complete file contents (header + data) of {@code a}. */
    public static byte[] encode(Array a) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(a.shape()[i]).append(a.shape().length == 1 ? "," : (i + 1 < a.shape().length ? ", " : ""));
        }
        shape.append(')');
        String dict = "{'descr': '" + a.dtype().descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // Header (magic 6 + version 2 + len 2 + dict + '\n') is padded to a multiple of 64 bytes.
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        byte[] hb = header.getBytes(StandardCharsets.US_ASCII);
        long dataBytes = a.size() * a.dtype().bytes;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(10 + hb.length + dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) hb.length).put(hb);
        ByteBuffer src = a.data().duplicate();
        src.rewind();
        src.limit(Math.toIntExact(dataBytes));
        out.put(src);
        return out.array();
    }

    /** Writes {@code a} to {@code file} directly (callers wanting atomicity use {@link AtomicFiles}). */
    public static void write(Path file, Array a) throws IOException {
        AtomicFiles.write(file, encode(a));
    }

    public static Array read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    public static Array decode(byte[] bytes, String name) throws IOException {
        Header h = header(bytes, name);
        long need = h.size() * h.dtype().bytes;
        if (bytes.length - h.dataStart() < need) {
            throw new IOException(name + ": truncated .npy data (" + (bytes.length - h.dataStart()) + " of " + need + " bytes)");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, h.dataStart(), Math.toIntExact(need)).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Array(h.dtype(), h.shape(), data);
    }

    /**
     * Row {@code row} of a 2-D array file, shape (1, L), reading only the header and that row's bytes: a
     * chunk of a song without reading the song's other chunks.
     */
    public static Array readRow(Path file, int row) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(ch.size(), HEADER_READ));
            readFully(ch, prefix, 0, name);
            Header h = header(prefix.array(), name);
            if (h.shape().length != 2) {
                throw new IOException(name + ": expected a 2-D array, got shape " + Arrays.toString(h.shape()));
            }
            if (ch.size() - h.dataStart() < h.size() * h.dtype().bytes) {
                throw new IOException(name + ": truncated .npy data (" + (ch.size() - h.dataStart()) + " of "
                        + h.size() * h.dtype().bytes + " bytes)");
            }
            if (row < 0 || row >= h.shape()[0]) {
                throw new IOException(name + ": no row " + row + " (it has " + h.shape()[0] + ")");
            }
            int l = h.shape()[1];
            ByteBuffer data = ByteBuffer.allocate(Math.toIntExact((long) l * h.dtype().bytes));
            readFully(ch, data, h.dataStart() + (long) row * l * h.dtype().bytes, name);
            data.rewind();
            return new Array(h.dtype(), new int[] {1, l}, data.order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** Enough for any header this class writes, and numpy's (they pad to 64 bytes; version 1 caps at 65 535). */
    private static final int HEADER_READ = 65_536 + 12;

    private static void readFully(FileChannel ch, ByteBuffer into, long position, String name) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) {
                throw new IOException(name + ": truncated .npy file");
            }
            at += n;
        }
    }

    /** A parsed .npy header: element type, shape, and where the data starts. */
    private record Header(DType dtype, int[] shape, int dataStart) {
        long size() {
            long n = 1;
            for (int v : shape) {
                n *= v;
            }
            return n;
        }
    }

    private static Header header(byte[] bytes, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(name + ": not a .npy file (bad magic)");
        }
        int major = bytes[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(b.getShort(8));
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = b.getInt(8);
            offset = 12;
        } else {
            throw new IOException(name + ": unsupported .npy version " + major);
        }
        if (headerLen < 0 || offset + headerLen > bytes.length) {
            throw new IOException(name + ": truncated .npy header");
        }
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IOException(name + ": malformed .npy header: " + header.trim());
        }
        DType dtype = DType.ofDescr(d.group(1));
        if (dtype == null) {
            throw new IOException(name + ": unsupported dtype " + d.group(1) + " (need <f4, <f2 or <i2)");
        }
        if (o.group(1).equals("True")) {
            throw new IOException(name + ": Fortran-order arrays are not supported");
        }
        int[] shape = Arrays.stream(s.group(1).split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
        return new Header(dtype, shape, offset + headerLen);
    }
}
