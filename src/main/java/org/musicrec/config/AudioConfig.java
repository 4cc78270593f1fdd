package org.musicrec.config;

/** How songs are turned into fixed-length chunks. Durations in seconds. */
public record AudioConfig(int sampleRate, int numChunks, double chunkDuration, double maxDuration) {
    public AudioConfig {
        Check.within("audio.sample_rate", sampleRate, 4000, 192000);
        Check.within("audio.num_chunks", numChunks, 1, 64);
        Check.within("audio.chunk_duration", chunkDuration, 1, 600);
        Check.positive("audio.max_duration", maxDuration);
    }

    public int chunkSamples() {
        return (int) Math.round(chunkDuration * sampleRate);
    }
}
