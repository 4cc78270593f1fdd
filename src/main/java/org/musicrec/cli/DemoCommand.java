package org.musicrec.cli;

import org.musicrec.config.ConfigLoader;
import org.musicrec.io.AtomicFiles;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.demo.DemoLibrary;
import org.musicrec.demo.DemoOptions;
import org.musicrec.demo.DemoResult;
import org.musicrec.demo.Taste;
import org.musicrec.pipeline.CacheStage;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.ClassifierStage;
import org.musicrec.pipeline.ModelCard;
import org.musicrec.pipeline.Workspace;
import org.musicrec.pipeline.RecommendStage;
import org.musicrec.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Make the demo library and run every stage on it.",
        description = "Make the built-in demo library (synthetic songs in 7 genres, mp3/ogg/flac/m4a/opus, a "
                + "Clementine DB with ratings on 60 %% of them) and run every pipeline stage on it. The "
                + "library is reused when it is already complete.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "where the demo library and its working files go (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--songs", paramLabel = "N", defaultValue = "100", description = "number of songs (default: ${DEFAULT-VALUE})")
    int songs;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "15", description = "encoder epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "seed of the library's songs and ratings (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rated", paramLabel = "SHARE", defaultValue = "0.6",
            description = "share of songs the listener rated, 0-1 (default: ${DEFAULT-VALUE})")
    double rated;

    @Option(names = "--taste", paramLabel = "TASTE", defaultValue = "genre",
            description = "the listener's hidden taste: genre (mostly by genre, the default), sound (only tempo "
                    + "and brightness within each genre), artist (sound plus a liking per artist), "
                    + "tempo-mode (tempo and major/minor across genres) or energy (loudness, brightness and "
                    + "tempo across genres)")
    String taste;

    /** A YAML double-quoted scalar (paths may hold ':' or '#'). */
    private static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public Integer call() throws Exception {
        Path root = dir.toAbsolutePath().normalize();
        if (!(rated >= 0 && rated <= 1)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--rated must be within 0-1, got " + rated);
        }
        DemoOptions opts = DemoOptions.defaults().withSongs(songs).withSeed(seed).withRatedFraction(rated)
                .withTaste(Taste.parse(taste));
        DemoResult demo;
        System.out.println("== Demo library in " + root);
        try (Progress progress = Progress.forConsole("songs")) {
            progress.start("synthesising", songs);
            demo = DemoLibrary.create(root, opts, (done, total, song) -> progress.step());
        }
        System.out.printf("%s %d songs (%d rated, %d untagged) in %s%n", demo.reused() ? "Reusing" : "Made",
                demo.songs(), demo.rated(), demo.untagged(), demo.musicDir());

        // The demo's working files live inside the demo folder so it never clutters the current one,
        // and a 2-core CPU cannot train ResNet-50 in a demo: the narrow backbone, small batches, few
        // epochs. Written as a config file so the user can run any stage on the demo afterwards.
        Path demoConfig = root.resolve("demo.yaml");
        AtomicFiles.writeString(demoConfig, String.join("\n",
                "# musicrec settings for the demo library (made by the demo command)",
                "library:", "  db_path: " + quote(demo.database()),
                "paths:", "  cache_dir: " + quote(root.resolve("cache")), "  models_dir: " + quote(root.resolve("models")),
                "  output_dir: " + quote(root.resolve("output")),
                "encoder:", "  backbone: narrow", "  epochs: " + epochs, "  batch_size: 16", "  queue_size: 256",
                "  encoder_version: demo-narrow-1", ""));
        MusicrecConfig cfg = new ConfigLoader().load(demoConfig, java.util.Map.of());

        System.out.println("\n== build-cache");
        var scan = LibraryLoader.load(cfg, System.out);
        CacheStage.run(cfg, scan, false, System.out);
        System.out.println("\n== cache-stats");
        CacheStatsCommand.run(cfg, scan);
        System.out.println("\n== encoder");
        EncoderCommand.run(cfg, scan, null);
        System.out.println("\n== classifier");
        ClassifierStage.run(cfg, scan, cfg.encoder().encoderVersion(), System.out);
        System.out.println("\n== recommend");
        RecommendStage.run(cfg, scan, cfg.encoder().encoderVersion(), System.out);
        var ws = Workspace.of(cfg);
        System.out.println("\n== evaluate (against the demo's hidden taste, " + demo.truth() + ")");
        var report = EvaluateCommand.run(cfg, scan, cfg.encoder().encoderVersion(), demo.truth());
        System.out.println("\n== export");
        System.out.println(ExportCommand.run(cfg, scan, cfg.encoder().encoderVersion(),
                org.musicrec.embed.MapColouring.GENRE, null).format());
        int cached = CachedLibrary.open(scan, cfg).cachedSongs().size();
        var card = ModelCard.write(cfg, scan, cached, report.format());
        System.out.println("\nDemo done. Where things are:");
        System.out.println("  playlists:     " + ws.outputDir().resolve("best.xspf") + ", help.xspf (+ .m3u8, .cue), recommendations.txt");
        System.out.println("  plots:         " + ws.encoderDir().resolve("loss.png") + ", "
                + (java.nio.file.Files.exists(ws.classifierDir().resolve("loss.png")) ? ws.classifierDir().resolve("loss.png") + ", " : "")
                + ws.outputDir().resolve("export/map.png"));
        System.out.println("  evaluation:    " + ws.outputDir().resolve("evaluation.txt") + " (and .json)");
        System.out.println("  model card:    " + card);
        System.out.println("  library:       " + demo.database() + " (music in " + demo.musicDir() + ", hidden taste in " + demo.truth() + ")");
        // a real song of this library, written as similar prints it (so it pastes back)
        String example = scan.songs().isEmpty() ? "1" : scan.songs().get(0).displayName();
        System.out.println("  any stage:     ./run_music_pipeline.sh similar --config " + demoConfig + " \"" + example + "\"");
        return 0;
    }
}
