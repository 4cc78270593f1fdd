package org.musicrec.demo;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/** Test helper: decodes a whole file with FFmpeg and reports codec, rate, channels, duration and tags. */
record DecodedFile(String codec, int sampleRate, int channels, double seconds, Map<String, String> tags) {

    static DecodedFile read(Path file) throws IOException {
        av_log_set_level(AV_LOG_ERROR);
        AVFormatContext ic = new AVFormatContext(null);
        if (avformat_open_input(ic, new BytePointer(file.toString(), StandardCharsets.UTF_8), null, null) < 0) {
            throw new IOException("cannot open " + file);
        }
        try {
            avformat_find_stream_info(ic, (PointerPointer<?>) null);
            int si = av_find_best_stream(ic, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (si < 0) {
                throw new IOException("no audio stream in " + file);
            }
            AVStream st = ic.streams(si);
            AVCodec dec = avcodec_find_decoder(st.codecpar().codec_id());
            AVCodecContext dc = avcodec_alloc_context3(dec);
            avcodec_parameters_to_context(dc, st.codecpar());
            if (avcodec_open2(dc, dec, (AVDictionary) null) < 0) {
                throw new IOException("cannot open decoder for " + file);
            }
            AVPacket pkt = av_packet_alloc();
            AVFrame fr = av_frame_alloc();
            long samples = 0;
            while (av_read_frame(ic, pkt) >= 0) {
                if (pkt.stream_index() == si && avcodec_send_packet(dc, pkt) >= 0) {
                    while (avcodec_receive_frame(dc, fr) >= 0) {
                        samples += fr.nb_samples();
                    }
                }
                av_packet_unref(pkt);
            }
            avcodec_send_packet(dc, (AVPacket) null);
            while (avcodec_receive_frame(dc, fr) >= 0) {
                samples += fr.nb_samples();
            }
            Map<String, String> tags = new HashMap<>();
            copy(st.metadata(), tags);
            copy(ic.metadata(), tags);
            DecodedFile out = new DecodedFile(dec.name().getString(), dc.sample_rate(), dc.channels(),
                    (double) samples / dc.sample_rate(), Map.copyOf(tags));
            av_frame_free(fr);
            av_packet_free(pkt);
            avcodec_free_context(dc);
            return out;
        } finally {
            avformat_close_input(ic);
        }
    }

    private static void copy(AVDictionary d, Map<String, String> into) {
        if (d == null || d.isNull()) {
            return;
        }
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(d, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            into.put(e.key().getString().toLowerCase(), e.value().getString(StandardCharsets.UTF_8));
        }
    }
}
