package org.musicrec.pipeline;

import org.musicrec.embed.EmbeddingExport;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.embed.MapColouring;
import org.musicrec.library.GenreMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test-only program: runs one stage (embed, recommend or export) over and over on a small library that
 * {@link KillDuringStagesTest} prepared, until it is killed. Usage: KillableStage STAGE DIR
 */
public final class KillableStage {
    static final String VERSION = "test-enc";

    private KillableStage() {
    }

    public static void main(String[] args) throws Exception {
        String stage = args[0];
        SmallLibrary small = SmallLibrary.create(Path.of(args[1]), 24, 1);   // reuses the library and cache
        Workspace ws = Workspace.of(small.cfg);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        System.out.println("started");
        System.out.flush();
        while (true) {
            switch (stage) {
                case "embed" -> EmbedStage.run(small.cfg, small.lib, ws.bestEncoder(), true, quiet);
                case "recommend" -> RecommendStage.run(small.cfg, small.lib.scan(), VERSION, quiet);
                case "export" -> export(small);
                default -> throw new IllegalArgumentException(stage);
            }
        }
    }

    static EmbeddingExport.Summary export(SmallLibrary small) throws Exception {
        Workspace ws = Workspace.of(small.cfg);
        try (EmbeddingStore store = EmbeddingStore.open(ws.embeddingsDb())) {
            return EmbeddingExport.export(store, VERSION, small.lib.scan().songs(), new GenreMapper(), Map.of(),
                    MapColouring.GENRE, ws.outputDir().resolve("export"));
        }
    }
}
