package org.musicrec.cli;

import org.musicrec.pipeline.RecommendStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = {"Score every unrated song and write recommendations.txt, best.xspf/.m3u8 (the top picks)",
                "and help.xspf/.m3u8 (the songs whose rating would teach the model most) to the output folder."})
final class RecommendCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--encoder-version", paramLabel = "NAME", description = "embeddings to use (default: encoder.encoder_version)")
    String encoderVersion;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        RecommendStage.run(cfg, LibraryLoader.load(cfg, System.out), encoderVersion != null ? encoderVersion
                : cfg.encoder().encoderVersion(), System.out);
        return 0;
    }
}
