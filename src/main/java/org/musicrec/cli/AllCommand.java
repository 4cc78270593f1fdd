package org.musicrec.cli;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.pipeline.CacheStage;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.ClassifierStage;
import org.musicrec.pipeline.ModelCard;
import org.musicrec.pipeline.Workspace;
import org.musicrec.pipeline.RecommendStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "all", mixinStandardHelpOptions = true,
        header = "The whole pipeline: build-cache, encoder, classifier, recommend.",
        description = "The whole pipeline: build-cache, encoder (train + embed), classifier, recommend.")
final class AllCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        runAll(common.load());
        return 0;
    }

    static void runAll(MusicrecConfig cfg) throws Exception {
        // One read of the library serves every stage: none of them changes the player's DB.
        var scan = LibraryLoader.load(cfg, System.out);
        System.out.println("== build-cache");
        CacheStage.run(cfg, scan, false, System.out);
        System.out.println("\n== encoder");
        EncoderCommand.run(cfg, scan, null);
        System.out.println("\n== classifier");
        ClassifierStage.run(cfg, scan, cfg.encoder().encoderVersion(), System.out);
        System.out.println("\n== recommend");
        RecommendStage.run(cfg, scan, cfg.encoder().encoderVersion(), System.out);
        int cached = CachedLibrary.open(scan, cfg).cachedSongs().size();
        System.out.println("Model card: " + ModelCard.write(cfg, scan, cached, null));
    }
}
