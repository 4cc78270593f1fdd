package org.musicrec.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.io.AtomicFiles;
import org.musicrec.io.Npy;
import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;
import org.musicrec.plot.ScatterPng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes one embedding version for other tools: {@code embeddings.npy} (float32, N × D),
 * {@code metadata.tsv} (TensorBoard projector: load both files; a header row is accepted because
 * there are several columns) and {@code metadata.jsonl}, row i of each describing the same song, in
 * library rowid order, only songs that have an embedding; plus {@code map.png}, the library on its
 * first two principal components coloured by the song's first genre category (grey when none) or by a
 * descriptor ({@link MapColouring}). The metadata files carry the songs' descriptors (tempo, key, mode,
 * loudness, …; empty where a song has none).
 * Each file is written atomically.
 */
public final class EmbeddingExport {
    public static final String NPY = "embeddings.npy";
    public static final String TSV = "metadata.tsv";
    public static final String JSONL = "metadata.jsonl";
    public static final String MAP = "map.png";

    /** What was written: rows (songs), embedding dimension, library songs without an embedding. */
    public record Summary(int rows, int dim, int withoutEmbedding, Path dir) {
        public String format() {
            return String.format(Locale.ROOT, "Exported %d embeddings of dimension %d to %s (%d songs have none)",
                    rows, dim, dir, withoutEmbedding);
        }
    }

    private EmbeddingExport() {
    }

    /** Without descriptors: the map coloured by genre, no descriptor columns filled. */
    public static Summary export(EmbeddingStore store, String version, List<Song> library, GenreMapper mapper,
                                 Path outDir) throws IOException {
        return export(store, version, library, mapper, Map.of(), MapColouring.GENRE, outDir);
    }

    /**
     * @param descriptors song path → its descriptors (their columns stay empty for songs without)
     * @param colourBy    what the map's colours show
     */
    public static Summary export(EmbeddingStore store, String version, List<Song> library, GenreMapper mapper,
                                 Map<String, SongDescriptors> descriptors, MapColouring colourBy, Path outDir)
            throws IOException {
        return export(store, version, library, mapper, descriptors, colourBy, outDir, org.musicrec.progress.Progress.silent());
    }

    /** @param progress one step per file written (the embeddings read first), for large libraries */
    public static Summary export(EmbeddingStore store, String version, List<Song> library, GenreMapper mapper,
                                 Map<String, SongDescriptors> descriptors, MapColouring colourBy, Path outDir,
                                 org.musicrec.progress.Progress progress) throws IOException {
        progress.start("Exporting (embeddings, .npy, .tsv, .jsonl, map)", 5);
        Map<String, float[]> all = store.getAll(version);
        progress.step();
        if (all.isEmpty()) {
            throw new IOException("no embeddings of version '" + version + "' in the store (present: "
                    + store.versions() + ")");
        }
        List<Song> songs = new ArrayList<>(library);
        songs.sort(Comparator.comparingLong(Song::rowid));
        List<Song> rows = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Song s : songs) {
            float[] e = all.get(EmbeddingExtractor.key(s));
            if (e != null) {
                if (!vectors.isEmpty() && e.length != vectors.get(0).length) {
                    throw new IOException("embedding of " + s.path() + " has dimension " + e.length + ", others "
                            + vectors.get(0).length + " (version '" + version + "' is inconsistent)");
                }
                rows.add(s);
                vectors.add(e);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("none of the " + songs.size() + " library songs has an embedding of version '"
                    + version + "' (" + all.size() + " embeddings belong to other files)");
        }
        int dim = vectors.get(0).length;
        float[] flat = new float[rows.size() * dim];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(vectors.get(i), 0, flat, i * dim, dim);
        }
        AtomicFiles.removeStaleTemps(outDir);   // litter of an export that was killed while writing
        Npy.write(outDir.resolve(NPY), Npy.ofFloats(flat, rows.size(), dim));
        progress.step();
        Function<Song, SongDescriptors> desc = s -> descriptors.get(EmbeddingExtractor.key(s));
        AtomicFiles.writeString(outDir.resolve(TSV), tsv(rows, mapper, desc));
        progress.step();
        AtomicFiles.writeString(outDir.resolve(JSONL), jsonl(rows, mapper, desc));
        progress.step();
        writeMap(outDir.resolve(MAP), version, rows, vectors, colourBy.groups(rows, mapper, desc));
        progress.step();
        return new Summary(rows.size(), dim, songs.size() - rows.size(), outDir);
    }

    /** The descriptor columns of the metadata files, in order. */
    static final List<String> DESCRIPTOR_COLUMNS = List.of("tempo_bpm", "key", "mode", "loudness_lufs",
            "loudness_range_lu", "centroid_hz", "pulse_clarity", "onset_rate", "harmonic_share", "low_end_share");

    /** A song's descriptor values in {@link #DESCRIPTOR_COLUMNS} order: numbers, names, or null where unknown. */
    static List<Object> descriptorValues(SongDescriptors d) {
        if (d == null) {
            return java.util.Collections.nCopies(DESCRIPTOR_COLUMNS.size(), null);
        }
        return java.util.Arrays.asList(num(d.tempoBpm()), d.hasKey() ? d.keyName() : null,
                d.hasKey() ? d.modeName() : null, num(d.loudnessLufs()), num(d.loudnessRangeLu()), num(d.centroidHz()),
                num(d.pulseClarity()), num(d.onsetRate()), num(d.harmonicShare()), num(d.lowEndShare()));
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
    }

    static String tsv(List<Song> rows, GenreMapper mapper, Function<Song, SongDescriptors> descriptors) {
        StringBuilder sb = new StringBuilder("rowid\tartist\ttitle\talbum\tgenre\tcategories\trating\tpath\t"
                + String.join("\t", DESCRIPTOR_COLUMNS) + "\n");
        for (Song s : rows) {
            sb.append(s.rowid()).append('\t').append(cell(s.artist())).append('\t').append(cell(s.title()))
                    .append('\t').append(cell(s.album())).append('\t').append(cell(s.genre())).append('\t')
                    .append(String.join(",", labels(mapper.categories(s.genre())))).append('\t')
                    .append(s.isRated() ? stars(s.stars()) : "").append('\t').append(cell(s.path().toString()));
            for (Object v : descriptorValues(descriptors.apply(s))) {
                sb.append('\t').append(v == null ? "" : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A TSV cell: tabs and line breaks would split the row, so they become spaces. */
    static String cell(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    static String jsonl(List<Song> rows, GenreMapper mapper, Function<Song, SongDescriptors> descriptors) {
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        for (Song s : rows) {
            ObjectNode o = json.createObjectNode();
            o.put("rowid", s.rowid());
            o.put("artist", s.artist());
            o.put("title", s.title());
            o.put("album", s.album());
            o.put("genre", s.genre());
            ArrayNode cats = o.putArray("categories");
            labels(mapper.categories(s.genre())).forEach(cats::add);
            if (s.isRated()) {
                o.put("rating", s.stars());
            } else {
                o.putNull("rating");
            }
            o.put("path", s.path().toString());
            List<Object> values = descriptorValues(descriptors.apply(s));
            for (int c = 0; c < values.size(); c++) {
                Object v = values.get(c);
                if (v == null) {
                    o.putNull(DESCRIPTOR_COLUMNS.get(c));
                } else if (v instanceof Double d) {
                    o.put(DESCRIPTOR_COLUMNS.get(c), d);
                } else {
                    o.put(DESCRIPTOR_COLUMNS.get(c), v.toString());
                }
            }
            sb.append(o).append('\n');   // ObjectNode.toString() is compact JSON, one line
        }
        return sb.toString();
    }

    private static List<String> labels(Set<GenreCategory> cats) {
        return cats.stream().map(c -> c.label).toList();
    }

    private static String stars(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private static void writeMap(Path png, String version, List<Song> rows, List<float[]> vectors,
                                 MapColouring.Groups colours) throws IOException {
        double[][] xy = Pca.project(vectors, 2);
        double[] xs = new double[rows.size()], ys = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            xs[i] = xy[i][0];
            ys[i] = xy[i].length > 1 ? xy[i][1] : 0;
        }
        // ScatterPng writes through AtomicFiles itself.
        ScatterPng.write(png, "Library map (PCA of " + version + ", " + rows.size() + " songs, colour: " + colours.title() + ")",
                xs, ys, colours.group(), colours.names());
    }
}
