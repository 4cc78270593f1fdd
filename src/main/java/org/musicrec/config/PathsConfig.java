package org.musicrec.config;

/** Working folders, relative to the current directory unless absolute. */
public record PathsConfig(String cacheDir, String modelsDir, String outputDir) {
    public PathsConfig {
        Check.present("paths.cache_dir", cacheDir);
        Check.present("paths.models_dir", modelsDir);
        Check.present("paths.output_dir", outputDir);
    }
}
