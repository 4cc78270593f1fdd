package org.musicrec.cli;

import org.musicrec.config.LibraryConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.config.PathsConfig;
import org.musicrec.demo.DemoLibrary;
import org.musicrec.demo.DemoOptions;
import org.musicrec.demo.DemoResult;
import org.musicrec.pipeline.ClassifierStage;
import org.musicrec.pipeline.RecommendStage;
import org.musicrec.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Make the built-in demo library (synthetic songs in 7 genres, mp3/ogg/flac/m4a/opus,",
                "a Clementine DB with ratings on 60 % of them) and run every pipeline stage on it.",
                "The library is reused when it is already complete."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "where the demo library and its working files go (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--songs", paramLabel = "N", defaultValue = "100", description = "number of songs (default: ${DEFAULT-VALUE})")
    int songs;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "15", description = "encoder epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() throws Exception {
        Path root = dir.toAbsolutePath().normalize();
        DemoOptions opts = DemoOptions.defaults().withSongs(songs);
        DemoResult demo;
        System.out.println("== Demo library in " + root);
        try (Progress progress = Progress.forConsole("songs")) {
            progress.start("synthesising", songs);
            demo = DemoLibrary.create(root, opts, (done, total, song) -> progress.step());
        }
        System.out.printf("%s %d songs (%d rated, %d untagged) in %s%n", demo.reused() ? "Reusing" : "Made",
                demo.songs(), demo.rated(), demo.untagged(), demo.musicDir());

        // The demo's working files live inside the demo folder so it never clutters the current one.
        MusicrecConfig base = common.load();
        MusicrecConfig cfg = base.withLibrary(new LibraryConfig(demo.database().toString(), ""))
                .withPaths(new PathsConfig(root.resolve("cache").toString(), root.resolve("models").toString(),
                        root.resolve("output").toString()));

        System.out.println("\n== build-cache");
        BuildCacheCommand.run(cfg, false);
        System.out.println("\n== cache-stats");
        CacheStatsCommand.run(cfg);

        // A 2-core CPU cannot train ResNet-50 in a demo: the narrow backbone, small batches, few epochs.
        var e = cfg.encoder();
        cfg = cfg.withEncoder(e.withTraining("narrow", epochs, 16, 256).withEncoderVersion("demo-narrow-1"));
        System.out.println("\n== encoder");
        EncoderCommand.run(cfg, null);
        var scan = LibraryLoader.load(cfg, System.out);
        System.out.println("\n== classifier");
        ClassifierStage.run(cfg, scan, cfg.encoder().encoderVersion(), System.out);
        System.out.println("\n== recommend");
        RecommendStage.run(cfg, scan, cfg.encoder().encoderVersion(), System.out);
        System.out.println("\nDemo done. Library DB: " + demo.database() + "; chunk cache: " + cfg.paths().cacheDir());
        return 0;
    }
}
