package org.musicrec.recommend;

import org.musicrec.embed.EmbeddingStore;
import org.musicrec.eval.CosineNormaliser;
import org.musicrec.io.AtomicFiles;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one version's normalised embedding matrix, so {@code similar} maps it
 * instead of reading and normalising every embedding from SQLite (seconds at 60 000 songs).
 * Derived data: it records the {@link Fingerprint} of what it was built from and is rebuilt when
 * that no longer matches. Little-endian throughout:
 *
 * <pre>
 *  0  8  magic "MRSIMv1\n"
 *  8  4  rows n          12  4  dim
 * 16  8  offset of rows  24  4  meta length
 * 28  4  CRC32C of meta  32  4  CRC32C of rows    36  4  zero
 * 40     meta: fingerprint (version, store id, generation, count, normaliser), then n keys
 *        (strings are int length + UTF-8); zero padding to a 64-byte boundary
 *        rows: n × dim float32, already normalised
 * </pre>
 *
 * The size must match the header exactly and both checksums must hold, so a truncated, damaged or
 * foreign file is reported as {@link Invalid}, never loaded. Checking the rows' checksum costs a
 * few tens of milliseconds at 60 000 × 2048 and touches the pages the query reads next anyway.
 */
public final class MatrixFile {
    private static final byte[] MAGIC = "MRSIMv1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 40;
    private static final int ALIGN = 64;
    private static final int CHUNK_BYTES = 1 << 20;

    private MatrixFile() {
    }

    /**
     * What a matrix was built from: the store's state for the version and the normalisation used.
     * Equal fingerprints mean the file holds exactly what a rebuild would produce.
     */
    public record Fingerprint(String version, String storeId, long generation, int count, int normaliser) {
        public static Fingerprint of(String version, EmbeddingStore.VersionState state) {
            return new Fingerprint(version, state.storeId(), state.generation(), state.count(), CosineNormaliser.SIGNATURE);
        }
    }

    /** A matrix file that is truncated, damaged or not a matrix file at all. */
    public static final class Invalid extends IOException {
        Invalid(Path file, String why) {
            super(file + ": " + why);
        }
    }

    /** A file's contents; the rows stay memory-mapped, not copied. */
    public record Contents(Fingerprint fingerprint, List<String> keys, int dim, FloatBuffer rows) {
    }

    /** Writes atomically: a crash or kill leaves the old file or none, never a partial one. */
    public static void write(Path file, Fingerprint fp, List<String> keys, int dim, float[] rows) throws IOException {
        int n = keys.size();
        if ((long) n * dim != rows.length) {
            throw new IllegalArgumentException(n + " keys × " + dim + " ≠ " + rows.length + " floats");
        }
        byte[] meta = meta(fp, keys);
        long rowsOffset = align(HEADER + meta.length);
        if (rowsOffset + 4L * rows.length > Integer.MAX_VALUE) {
            throw new IOException(file + ": " + n + " × " + dim + " is too large for one matrix file");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(n).putInt(dim).putLong(rowsOffset).putInt(meta.length).putInt(crc(ByteBuffer.wrap(meta)))
                .putInt(0).putInt(0).flip();
        AtomicFiles.write(file, ch -> {
            writeFully(ch, header);
            writeFully(ch, ByteBuffer.wrap(meta));
            writeFully(ch, ByteBuffer.allocate((int) (rowsOffset - HEADER - meta.length)));
            CRC32C rowsCrc = new CRC32C();
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rows.length; ) {
                int m = Math.min(CHUNK_BYTES / 4, rows.length - i);
                chunk.clear();
                chunk.asFloatBuffer().put(rows, i, m);
                chunk.limit(m * 4);
                rowsCrc.update(chunk.duplicate());
                writeFully(ch, chunk);
                i += m;
            }
            // The checksum is known only now; the rename makes the file visible after this anyway.
            ByteBuffer c = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) rowsCrc.getValue());
            while (c.hasRemaining()) {
                ch.write(c, 32 + c.position());
            }
        });
    }

    /**
     * The file's contents if it was built from {@code expected}; empty if it was built from
     * something else (stale).
     *
     * @throws Invalid the file is damaged, truncated or not a matrix file
     */
    public static Optional<Contents> readIfCurrent(Path file, Fingerprint expected) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw new Invalid(file, "shorter than a matrix header (" + size + " bytes)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new Invalid(file, "larger than any matrix file musicrec writes");
            }
            // The mapping outlives the channel; a rebuild renames a new file over this one, which
            // leaves this mapping's pages intact.
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Invalid(file, "not a musicrec matrix file");
        }
        int n = b.getInt(8);
        int dim = b.getInt(12);
        long rowsOffset = b.getLong(16);
        int metaLength = b.getInt(24);
        int metaCrc = b.getInt(28);
        int rowsCrc = b.getInt(32);
        if (n < 0 || dim < 0 || metaLength < 0 || metaLength > b.capacity() - HEADER
                || rowsOffset != align(HEADER + metaLength) || rowsOffset + 4L * n * dim != b.capacity()) {
            throw new Invalid(file, "size " + b.capacity() + " does not match its header (truncated?)");
        }
        ByteBuffer meta = b.slice(HEADER, metaLength).order(ByteOrder.LITTLE_ENDIAN);
        if (crc(meta.duplicate()) != metaCrc) {
            throw new Invalid(file, "header checksum mismatch");
        }
        try {
            Fingerprint fp = new Fingerprint(string(meta), string(meta), meta.getLong(), meta.getInt(), meta.getInt());
            if (!fp.equals(expected)) {
                return Optional.empty();
            }
            if (fp.count() != n) {
                throw new Invalid(file, "holds " + n + " rows but its fingerprint says " + fp.count());
            }
            List<String> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(string(meta));
            }
            if (meta.hasRemaining()) {
                throw new Invalid(file, meta.remaining() + " stray bytes after the keys");
            }
            ByteBuffer rows = b.slice((int) rowsOffset, 4 * n * dim);
            if (crc(rows.duplicate()) != rowsCrc) {
                throw new Invalid(file, "rows checksum mismatch");
            }
            return Optional.of(new Contents(fp, List.copyOf(keys), dim, rows.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Invalid(file, "header is damaged");
        }
    }

    private static byte[] meta(Fingerprint fp, List<String> keys) {
        List<byte[]> strings = new ArrayList<>(keys.size() + 2);
        strings.add(fp.version().getBytes(StandardCharsets.UTF_8));
        strings.add(fp.storeId().getBytes(StandardCharsets.UTF_8));
        keys.forEach(k -> strings.add(k.getBytes(StandardCharsets.UTF_8)));
        long length = 16;
        for (byte[] u : strings) {
            length += 4 + u.length;
        }
        if (length > Integer.MAX_VALUE - HEADER - ALIGN) {
            throw new IllegalArgumentException("keys too long for one matrix file");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        putString(b, strings.get(0));
        putString(b, strings.get(1));
        b.putLong(fp.generation()).putInt(fp.count()).putInt(fp.normaliser());
        for (byte[] u : strings.subList(2, strings.size())) {
            putString(b, u);
        }
        return b.array();
    }

    private static void putString(ByteBuffer b, byte[] u) {
        b.putInt(u.length).put(u);
    }

    private static String string(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] u = new byte[len];
        b.get(u);
        return new String(u, StandardCharsets.UTF_8);
    }

    private static long align(long offset) {
        return (offset + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static int crc(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
