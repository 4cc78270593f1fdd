package org.musicrec.demo;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Encodes PCM to a tagged audio file in-process with FFmpeg's C API (JavaCPP presets), so a
 * machine with only a JDK can build the demo. The file is written under a hidden temporary name
 * in the target folder, fsynced and renamed, so a killed run never leaves a half-written file
 * under the final name.
 *
 * <p>PCM is handed to the encoder in its own preferred sample format (converted here, no
 * swresample needed since the rate and channel count never change).
 */
public final class AudioEncoder {
    /** AVERROR(EAGAIN) on Linux; the presets export no constant for it. */
    private static final int AVERROR_EAGAIN = -11;
    /** FF_COMPLIANCE_EXPERIMENTAL: FFmpeg's native Vorbis encoder is flagged experimental. */
    private static final int COMPLIANCE_EXPERIMENTAL = -2;
    /** Sample formats we can fill, best first (16-bit PCM needs no conversion for S16/S16P). */
    private static final int[] PREFERRED = {AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_FLTP,
        AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P};

    static {
        av_log_set_level(AV_LOG_ERROR); // FFmpeg otherwise prints every stream header to stderr
    }

    /** Tags written into the file's metadata (ID3v2, Vorbis comments or MP4 atoms by muxer). */
    public record Tags(String title, String artist, String album, String genre, int year, int track) {
        Map<String, String> asFfmpegMetadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("title", title);
            m.put("artist", artist);
            m.put("album", album);
            if (!genre.isEmpty()) {
                m.put("genre", genre); // untagged files carry no genre at all, as in real libraries
            }
            m.put("date", Integer.toString(year));
            m.put("track", Integer.toString(track));
            return m;
        }
    }

    /** True if this FFmpeg build has the encoder for {@code format}. */
    public static boolean isAvailable(AudioFormat format) {
        AVCodec codec = avcodec_find_encoder_by_name(format.encoder());
        return codec != null && !codec.isNull();
    }

    /** Encodes {@code pcm} to {@code target} (atomically replacing it). */
    public void encode(Pcm pcm, AudioFormat format, Tags tags, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try {
            encodeTo(pcm, format, tags, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void encodeTo(Pcm pcm, AudioFormat format, Tags tags, Path file) throws IOException {
        AVCodec codec = avcodec_find_encoder_by_name(format.encoder());
        if (codec == null || codec.isNull()) {
            throw new IOException("this FFmpeg build has no encoder " + format.encoder());
        }
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, format.muxer(), null), "alloc muxer " + format.muxer(), file);
        AVCodecContext c = null;
        AVFrame frame = null;
        AVPacket pkt = null;
        boolean opened = false;
        try {
            AVStream st = avformat_new_stream(oc, null);
            c = avcodec_alloc_context3(codec);
            int sampleFmt = chooseSampleFormat(codec);
            int channels = pcm.channels();
            c.sample_fmt(sampleFmt);
            c.sample_rate(pcm.sampleRate());
            c.channels(channels);
            c.channel_layout(av_get_default_channel_layout(channels));
            c.time_base(av_make_q(1, pcm.sampleRate()));
            if (format.bitRate() > 0) {
                c.bit_rate(format.bitRate());
            }
            c.strict_std_compliance(COMPLIANCE_EXPERIMENTAL);
            tuneForSpeed(c, format);
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec_open2(c, codec, (AVDictionary) null), "open encoder " + format.encoder(), file);
            check(avcodec_parameters_from_context(st.codecpar(), c), "codec parameters", file);
            st.time_base(av_make_q(1, pcm.sampleRate()));
            oc.metadata(dictionary(tags));
            // Ogg muxers take the Vorbis comment from the stream, the others from the container.
            st.metadata(dictionary(tags));

            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, new BytePointer(file.toString(), StandardCharsets.UTF_8), AVIO_FLAG_WRITE), "open", file);
            oc.pb(pb);
            opened = true;
            check(avformat_write_header(oc, (AVDictionary) null), "write header", file);

            int frameSize = c.frame_size() > 0 ? c.frame_size() : 1024;
            frame = av_frame_alloc();
            frame.nb_samples(frameSize);
            frame.format(sampleFmt);
            frame.channels(channels);
            frame.channel_layout(c.channel_layout());
            frame.sample_rate(pcm.sampleRate());
            check(av_frame_get_buffer(frame, 0), "frame buffer", file);
            pkt = av_packet_alloc();
            int total = pcm.frames();
            for (int pos = 0; pos < total; pos += frameSize) {
                int count = Math.min(frameSize, total - pos);
                check(av_frame_make_writable(frame), "frame writable", file);
                frame.nb_samples(count);
                fill(frame, sampleFmt, pcm, pos, count);
                frame.pts(pos);
                check(avcodec_send_frame(c, frame), "encode", file);
                drain(c, oc, st, pkt, file);
            }
            check(avcodec_send_frame(c, null), "flush encoder", file);
            drain(c, oc, st, pkt, file);
            check(av_write_trailer(oc), "write trailer", file);
        } finally {
            if (pkt != null) {
                av_packet_free(pkt);
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (c != null) {
                avcodec_free_context(c);
            }
            if (opened) {
                avio_closep(oc.pb());
                oc.pb(null); // closed above; keep the context from pointing at freed memory
            }
            avformat_free_context(oc);
        }
    }

    /**
     * Encoding dominates demo build time, and the demo needs no audiophile quality: use the fast
     * settings of each encoder (about 2x faster for lame -q 7, AAC's "fast" coder and Opus level 4).
     */
    private static void tuneForSpeed(AVCodecContext c, AudioFormat format) {
        switch (format) {
            case MP3 -> c.compression_level(7);
            case OPUS -> c.compression_level(4);
            case M4A -> av_opt_set(c.priv_data(), "aac_coder", "fast", 0);
            default -> {
                // vorbis and flac are already fast at their defaults
            }
        }
    }

    private static AVDictionary dictionary(Tags tags) {
        AVDictionary d = new AVDictionary(null);
        for (Map.Entry<String, String> e : tags.asFfmpegMetadata().entrySet()) {
            av_dict_set(d, new BytePointer(e.getKey(), StandardCharsets.UTF_8),
                    new BytePointer(e.getValue(), StandardCharsets.UTF_8), 0);
        }
        return d;
    }

    private static int chooseSampleFormat(AVCodec codec) throws IOException {
        IntPointer fmts = codec.sample_fmts();
        for (int want : PREFERRED) {
            for (int i = 0; fmts != null && !fmts.isNull() && fmts.get(i) != AV_SAMPLE_FMT_NONE; i++) {
                if (fmts.get(i) == want) {
                    return want;
                }
            }
        }
        throw new IOException("encoder " + codec.name().getString() + " takes no sample format we can fill");
    }

    /** Copies {@code count} frames starting at {@code pos} into the AVFrame in its sample format. */
    private static void fill(AVFrame frame, int fmt, Pcm pcm, int pos, int count) {
        short[] s = pcm.samples();
        int ch = pcm.channels();
        boolean planar = fmt == AV_SAMPLE_FMT_S16P || fmt == AV_SAMPLE_FMT_FLTP || fmt == AV_SAMPLE_FMT_S32P;
        int planes = planar ? ch : 1;
        int perPlane = planar ? count : count * ch;
        for (int p = 0; p < planes; p++) {
            BytePointer data = frame.data(p);
            if (fmt == AV_SAMPLE_FMT_S16 || fmt == AV_SAMPLE_FMT_S16P) {
                short[] buf = new short[perPlane];
                for (int i = 0; i < perPlane; i++) {
                    buf[i] = s[planar ? (pos + i) * ch + p : pos * ch + i];
                }
                new ShortPointer(data).put(buf, 0, perPlane);
            } else if (fmt == AV_SAMPLE_FMT_FLT || fmt == AV_SAMPLE_FMT_FLTP) {
                float[] buf = new float[perPlane];
                for (int i = 0; i < perPlane; i++) {
                    buf[i] = s[planar ? (pos + i) * ch + p : pos * ch + i] / 32768f;
                }
                new FloatPointer(data).put(buf, 0, perPlane);
            } else {
                int[] buf = new int[perPlane];
                for (int i = 0; i < perPlane; i++) {
                    buf[i] = s[planar ? (pos + i) * ch + p : pos * ch + i] << 16;
                }
                new IntPointer(data).put(buf, 0, perPlane);
            }
        }
    }

    /** Moves every packet the encoder has ready into the muxer. */
    private static void drain(AVCodecContext c, AVFormatContext oc, AVStream st, AVPacket pkt, Path file)
            throws IOException {
        while (true) {
            int ret = avcodec_receive_packet(c, pkt);
            if (ret == AVERROR_EAGAIN || ret == AVERROR_EOF()) {
                return;
            }
            check(ret, "receive packet", file);
            av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(oc, pkt), "write packet", file);
        }
    }

    private static void check(int ret, String what, Path file) throws IOException {
        if (ret < 0) {
            byte[] buf = new byte[256];
            av_strerror(ret, buf, buf.length);
            int len = 0;
            while (len < buf.length && buf[len] != 0) {
                len++;
            }
            throw new IOException(file.getFileName() + ": FFmpeg " + what + " failed: "
                    + new String(buf, 0, len, StandardCharsets.UTF_8) + " (" + ret + ")");
        }
    }
}
