package org.musicrec.describe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TempoMidiTest {
    private static final int PPQ = 480;

    @Test
    void theTempoThatLastsLongestInSecondsWins(@TempDir Path dir) throws Exception {
        // 120 BPM for 2 bars, then 150 BPM until the notes end 8 bars later: 150 BPM lasts longest.
        ByteArrayOutputStream tempo = new ByteArrayOutputStream();
        meta(tempo, 0, 0x51, 0x07, 0xA1, 0x20);                 // 500 000 µs: 120 BPM
        meta(tempo, 8 * PPQ, 0x51, 0x06, 0x1A, 0x80);           // 400 000 µs: 150 BPM
        meta(tempo, 0, 0x2F);                                   // end of track
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        varLen(notes, 0);
        notes.write(new byte[] {(byte) 0xF0, 2, 0x7E, (byte) 0xF7});   // a sysex event
        varLen(notes, 0);
        notes.write(new byte[] {(byte) 0x90, 60, 100});                // note on
        for (int i = 0; i < 40; i++) {
            varLen(notes, PPQ);
            notes.write(new byte[] {62, 90});                           // running status
        }
        varLen(notes, 0);
        notes.write(new byte[] {(byte) 0xC0, 5});                       // program change: one data byte
        meta(notes, 0, 0x2F);
        Path f = dir.resolve("two.mid");
        Files.write(f, file(tempo.toByteArray(), notes.toByteArray()));
        TempoMidi.TempoMap map = TempoMidi.read(f);
        assertEquals(2, map.changes().size());
        assertEquals(40L * PPQ, map.endTick());
        assertEquals(150.0, map.dominantBpm(), 1e-9);
    }

    @Test
    void aShortFastIntroDoesNotWin(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream tempo = new ByteArrayOutputStream();
        meta(tempo, 0, 0x51, 0x03, 0x0D, 0x40);                 // 200 000 µs: 300 BPM for 4 beats
        meta(tempo, 4 * PPQ, 0x51, 0x09, 0x27, 0xC0);           // 600 000 µs: 100 BPM for 20 beats
        meta(tempo, 20 * PPQ, 0x2F);
        Path f = dir.resolve("intro.mid");
        Files.write(f, file(tempo.toByteArray()));
        assertEquals(100.0, TempoMidi.read(f).dominantBpm(), 1e-9);
    }

    private static byte[] file(byte[]... tracks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("MThd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 6, 0, 1, 0, (byte) tracks.length, (byte) (PPQ >> 8), (byte) PPQ});
        for (byte[] t : tracks) {
            out.writeBytes("MTrk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int n = t.length;
            out.writeBytes(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
            out.writeBytes(t);
        }
        return out.toByteArray();
    }

    private static void meta(ByteArrayOutputStream out, int delta, int type, int... data) {
        varLen(out, delta);
        out.write(0xFF);
        out.write(type);
        varLen(out, data.length);
        for (int d : data) {
            out.write(d);
        }
    }

    private static void varLen(ByteArrayOutputStream out, long v) {
        int shift = 21;
        while (shift > 0 && (v >> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write((int) (0x80 | ((v >> shift) & 0x7F)));
        }
        out.write((int) (v & 0x7F));
    }
}
