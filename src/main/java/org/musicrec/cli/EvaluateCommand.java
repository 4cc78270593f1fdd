package org.musicrec.cli;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.embed.EmbeddingStore;
import org.musicrec.eval.EvaluateService;
import org.musicrec.eval.EvaluationReport;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.Workspace;
import org.musicrec.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Measure an embedding version against baselines.",
        description = "Quality of an embedding version against two baselines (hand CQT features, genre-tag-only "
                + "ratings): genre 5-NN accuracy, mAP@10, cross-validated rating MAE/Spearman and, with "
                + "--truth, NDCG@20 and precision@20 of the recommendations. Writes evaluation.json and "
                + "evaluation.txt.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--truth", paramLabel = "CSV", description = "true stars of unrated songs (header: path,stars)")
    Path truth;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        run(cfg, LibraryLoader.load(cfg, System.out), version.resolve(cfg), truth);
        return 0;
    }

    static EvaluationReport run(MusicrecConfig cfg, LibraryScan scan, String version, Path truth) throws Exception {
        Workspace ws = Workspace.of(cfg);
        CachedLibrary lib = CachedLibrary.open(scan, cfg);
        try (EmbeddingStore store = EmbeddingStore.openExisting(ws.embeddingsDb());
             Progress progress = Progress.forConsole("songs")) {
            return EvaluateService.run(cfg, lib, store, version,
                    truth, ws.outputDir(), progress, System.out);
        }
    }
}
