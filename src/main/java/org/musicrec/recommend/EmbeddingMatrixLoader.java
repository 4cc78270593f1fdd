package org.musicrec.recommend;

import org.musicrec.embed.EmbeddingStore;
import org.musicrec.eval.CosineIndex;
import org.musicrec.eval.CosineNormaliser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One version's {@link EmbeddingMatrix}, from its persisted {@link MatrixFile} when that was built
 * from exactly what embeddings.db now holds for the version, otherwise rebuilt from the store and
 * saved for next time. The file is only ever a cache: stale or damaged, it is replaced, and if it
 * cannot be written the answer comes from memory all the same.
 */
public final class EmbeddingMatrixLoader {
    private EmbeddingMatrixLoader() {
    }

    /** @param log where rebuilds and warnings are reported */
    public static EmbeddingMatrix load(Path db, Path file, String version, PrintStream log) throws IOException {
        // openExisting: opening would create an empty store (and the command still fail)
        try (EmbeddingStore store = EmbeddingStore.openExisting(db)) {
            MatrixFile.Fingerprint current = MatrixFile.Fingerprint.of(version, store.state(version));
            Optional<MatrixFile.Contents> saved = Optional.empty();
            if (Files.exists(file)) {
                try {
                    saved = MatrixFile.readIfCurrent(file, current);
                } catch (MatrixFile.Invalid e) {
                    log.println("warning: " + e.getMessage() + "; rebuilding it from " + db);
                }
            }
            if (saved.isPresent()) {
                MatrixFile.Contents c = saved.get();
                return new EmbeddingMatrix(c.keys(), CosineIndex.overNormalisedRows(c.rows(), c.keys().size(), c.dim()));
            }
            return rebuild(store, file, version, log);
        }
    }

    /**
     * Brings the file of {@code version} up to date if there is one (someone used {@code similar}
     * before), so the next {@code similar} after {@code embed} or {@code update} answers at once;
     * creates none, so a library that never uses {@code similar} pays nothing.
     */
    public static void refreshIfPresent(Path db, Path file, String version, PrintStream log) throws IOException {
        if (Files.exists(file)) {
            load(db, file, version, log);
        }
    }

    private static EmbeddingMatrix rebuild(EmbeddingStore store, Path file, String version, PrintStream log)
            throws IOException {
        EmbeddingStore.Matrix m = store.matrix(version);
        int n = m.keys().size();
        if (n == 0) {
            throw new IOException("no embeddings of version " + version + " in " + store.file()
                    + " (versions there: " + store.versions().keySet() + "; run embed, or pick one with --encoder-version)");
        }
        log.printf("Indexing %d embeddings of version %s for similar -> %s%n", n, version, file);
        float[] rows = m.rows();
        CosineNormaliser.normalise(rows, n, m.dim());
        try {
            MatrixFile.write(file, MatrixFile.Fingerprint.of(version, m.state()), m.keys(), m.dim(), rows);
        } catch (IOException e) {
            log.println("warning: cannot save " + file + " (" + e.getMessage() + "); the next similar will rebuild it");
        }
        return new EmbeddingMatrix(m.keys(), CosineIndex.overNormalisedRows(FloatBuffer.wrap(rows), n, m.dim()));
    }
}
