package org.musicrec.demo;

/**
 * Output formats of the demo library: the FFmpeg muxer and encoder used for each, and the code
 * Clementine stores in {@code songs.filetype} (its Song::FileType enum).
 */
public enum AudioFormat {
    MP3("mp3", "mp3", "libmp3lame", 5, 160_000),
    /** FFmpeg's native Vorbis encoder (this build has no libvorbis): experimental, stereo only. */
    OGG("ogg", "ogg", "vorbis", 8, 0),
    FLAC("flac", "flac", "flac", 2, 0),
    /** AAC in an MP4 container ("ipod" muxer writes the .m4a flavour iTunes/taglib expect). */
    M4A("m4a", "ipod", "aac", 3, 128_000),
    /** Opus in Ogg; Clementine's Type_OggOpus is 13. Opus only runs at 48 kHz. */
    OPUS("opus", "opus", "libopus", 13, 96_000);

    private final String extension;
    private final String muxer;
    private final String encoder;
    private final int clementineFiletype;
    private final long bitRate;

    AudioFormat(String extension, String muxer, String encoder, int clementineFiletype, long bitRate) {
        this.extension = extension;
        this.muxer = muxer;
        this.encoder = encoder;
        this.clementineFiletype = clementineFiletype;
        this.bitRate = bitRate;
    }

    public String extension() {
        return extension;
    }

    /** FFmpeg muxer name; given explicitly because files are written under a temporary name. */
    public String muxer() {
        return muxer;
    }

    /** FFmpeg encoder name for avcodec_find_encoder_by_name. */
    public String encoder() {
        return encoder;
    }

    /** Clementine's Song::FileType code for this format. */
    public int clementineFiletype() {
        return clementineFiletype;
    }

    /** Target bit rate in bit/s, or 0 for the encoder's own default (lossless, VBR). */
    public long bitRate() {
        return bitRate;
    }

    /** Sample rate this format must use instead of {@code requested}, if it cannot use it. */
    public int supportedRate(int requested) {
        return this == OPUS ? 48_000 : requested;
    }

    /** Channel count this format must use instead of {@code requested}. */
    public int supportedChannels(int requested) {
        return this == OGG ? 2 : requested;
    }
}
