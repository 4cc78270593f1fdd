package org.musicrec.demo;

/**
 * 16-bit PCM audio, interleaved when stereo.
 *
 * @param samples    interleaved samples, {@code frames × channels} long
 * @param sampleRate frames per second
 * @param channels   1 or 2
 */
public record Pcm(short[] samples, int sampleRate, int channels) {

    public int frames() {
        return samples.length / channels;
    }

    public double seconds() {
        return (double) frames() / sampleRate;
    }
}
