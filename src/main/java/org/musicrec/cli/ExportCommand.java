package org.musicrec.cli;

import org.musicrec.embed.EmbeddingExport;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.library.GenreMapper;
import org.musicrec.pipeline.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Embeddings of a version for other tools: embeddings.npy (N x D float32), metadata.tsv and",
                "metadata.jsonl in the same order (TensorBoard projector ready), and map.png (PCA, by genre)."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: <output_dir>/export)")
    Path out;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        var ws = Workspace.of(cfg);
        var scan = LibraryLoader.load(cfg, System.out);
        try (EmbeddingStore store = EmbeddingStore.open(ws.embeddingsDb())) {
            var s = EmbeddingExport.export(store, version.resolve(cfg),
                    scan.songs(), new GenreMapper(), out != null ? out : ws.outputDir().resolve("export"));
            System.out.println(s.format());
        }
        return 0;
    }
}
