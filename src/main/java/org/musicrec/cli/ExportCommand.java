package org.musicrec.cli;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.describe.DescriptorStore;
import org.musicrec.describe.SongDescriptors;
import org.musicrec.embed.EmbeddingExport;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.embed.MapColouring;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.LibraryScan;
import org.musicrec.pipeline.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Embeddings and descriptors for other tools, and a map.",
        description = "Embeddings of a version for other tools: embeddings.npy (N x D float32), metadata.tsv and "
                + "metadata.jsonl in the same order (TensorBoard projector ready) with each song's "
                + "descriptors (tempo, key, mode, loudness, brightness, ...), and map.png (PCA, coloured by "
                + "genre or a descriptor).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: <output_dir>/export)")
    Path out;

    @Option(names = "--colour-by", paramLabel = "WHAT", defaultValue = "genre",
            description = "what map.png's colours show: genre, tempo, mode, loudness or brightness (default: ${DEFAULT-VALUE})")
    String colourBy;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        MapColouring colours;
        try {
            colours = MapColouring.parse(colourBy);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--colour-by: " + e.getMessage());
        }
        var cfg = common.load();
        var scan = LibraryLoader.load(cfg, System.out);
        System.out.println(run(cfg, scan, version.resolve(cfg), colours, out).format());
        return 0;
    }

    /** Exports a version with the songs' descriptors (the demo calls this too); {@code out} null = output/export. */
    static EmbeddingExport.Summary run(MusicrecConfig cfg, LibraryScan scan, String version, MapColouring colours, Path out)
            throws IOException {
        var ws = Workspace.of(cfg);
        Map<String, SongDescriptors> descriptors;
        try (DescriptorStore ds = DescriptorStore.openIfExists(ws.descriptorsDb())) {
            descriptors = ds == null ? Map.of() : ds.getAll(SongDescriptors.ALGORITHM);
        }
        if (descriptors.isEmpty() && colours != MapColouring.GENRE) {
            throw new IllegalArgumentException("colouring the map by " + colours.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs the songs' descriptors, and " + ws.descriptorsDb() + " has none yet: run the embed stage first");
        }
        if (descriptors.isEmpty()) {
            System.out.println("No song descriptors yet (the embed and update stages compute them): their columns stay empty");
        }
        try (EmbeddingStore store = EmbeddingStore.openExisting(ws.embeddingsDb());
             org.musicrec.progress.Progress progress = org.musicrec.progress.Progress.forConsole("steps")) {
            return EmbeddingExport.export(store, version, scan.songs(), new GenreMapper(), descriptors, colours,
                    out != null ? out : ws.outputDir().resolve("export"), progress);
        }
    }
}
