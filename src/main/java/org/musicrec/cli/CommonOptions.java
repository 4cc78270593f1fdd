package org.musicrec.cli;

import org.musicrec.config.ConfigLoader;
import org.musicrec.config.LibraryConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.config.PathsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options every stage shares. Precedence: built-in defaults &lt; config file (--config or $CONFIG)
 * &lt; environment (CLEMENTINE_DB_PATH, MUSIC_PATH_REMAP) &lt; these flags.
 */
public final class CommonOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML config (default: $CONFIG, else the built-in configs/music_moco.yaml)")
    Path config;

    @Option(names = "--db", paramLabel = "FILE",
            description = "Clementine/Strawberry library DB (overrides library.db_path and $CLEMENTINE_DB_PATH)")
    String db;

    @Option(names = "--remap", paramLabel = "OLD:NEW",
            description = "rewrite song paths starting with OLD to start with NEW (overrides $MUSIC_PATH_REMAP)")
    String remap;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "chunk cache folder (overrides paths.cache_dir)")
    String cacheDir;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    /** The effective configuration for this run. */
    public MusicrecConfig load() {
        if (remap != null && !remap.contains(":")) {
            // the user's flag, named as they typed it; a usage error (exit 2), not a config-file error
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--remap must look like OLD:NEW (e.g. /mnt/old/music:/home/me/Music), got '" + remap + "'");
        }
        MusicrecConfig c = new ConfigLoader().load(config, System.getenv());
        if (db != null || remap != null) {
            c = c.withLibrary(new LibraryConfig(db != null ? db : c.library().dbPath(),
                    remap != null ? remap : c.library().musicPathRemap()));
        }
        if (cacheDir != null) {
            c = c.withPaths(new PathsConfig(cacheDir, c.paths().modelsDir(), c.paths().outputDir()));
        }
        return c;
    }
}
