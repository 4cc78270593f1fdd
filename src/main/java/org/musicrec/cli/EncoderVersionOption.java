package org.musicrec.cli;

import org.musicrec.config.MusicrecConfig;
import picocli.CommandLine.Option;

/** The {@code --encoder-version} option of the stages that read embeddings. */
final class EncoderVersionOption {
    @Option(names = "--encoder-version", paramLabel = "NAME", description = "embeddings to use (default: encoder.encoder_version)")
    String encoderVersion;

    String resolve(MusicrecConfig cfg) {
        return encoderVersion != null ? encoderVersion : cfg.encoder().encoderVersion();
    }
}
