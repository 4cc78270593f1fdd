package org.musicrec.describe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The dominant tempo of a Standard MIDI File: the tempo (meta event FF 51 03, microseconds per quarter
 * note) that lasts longest in seconds, from its event to the next tempo change or the file's last event.
 * Small and strict: header MThd, tracks MTrk, running status, meta and sysex events.
 */
final class TempoMidi {
    private TempoMidi() {
    }

    /** One tempo from tick {@code tick} on. */
    record Change(long tick, int microsPerQuarter) {
    }

    /** The tempo map and the last tick of any event. */
    record TempoMap(List<Change> changes, long endTick, int ticksPerQuarter) {
        /** BPM of the tempo that lasts longest (120 BPM when the file states none, as the MIDI standard says). */
        double dominantBpm() {
            TreeMap<Long, Integer> at = new TreeMap<>();
            at.put(0L, 500_000);
            for (Change c : changes) {
                at.put(c.tick(), c.microsPerQuarter());
            }
            java.util.Map<Integer, Double> seconds = new java.util.HashMap<>();
            var entries = new ArrayList<>(at.entrySet());
            for (int i = 0; i < entries.size(); i++) {
                long from = entries.get(i).getKey();
                long to = i + 1 < entries.size() ? entries.get(i + 1).getKey() : Math.max(from, endTick);
                int tempo = entries.get(i).getValue();
                seconds.merge(tempo, (double) (to - from) / ticksPerQuarter * tempo / 1e6, Double::sum);
            }
            int best = seconds.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            return 60e6 / best;
        }
    }

    static TempoMap read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Reader r = new Reader(b);
        if (!r.tag().equals("MThd")) {
            throw new IOException(file + ": not a MIDI file");
        }
        long headerLength = r.u32();
        int start = r.pos;
        r.u16();                       // format
        int tracks = r.u16();
        int division = r.u16();
        if ((division & 0x8000) != 0) {
            throw new IOException(file + ": SMPTE time division is not supported");
        }
        r.pos = start + (int) headerLength;
        List<Change> changes = new ArrayList<>();
        long end = 0;
        for (int t = 0; t < tracks && r.pos + 8 <= b.length; t++) {
            String tag = r.tag();
            int length = (int) r.u32();
            int trackEnd = Math.min(b.length, r.pos + length);
            if (!tag.equals("MTrk")) {
                r.pos = trackEnd;
                continue;
            }
            long tick = 0;
            int status = 0;
            while (r.pos < trackEnd) {
                tick += r.varLen();
                int first = r.u8();
                if (first == 0xFF) {
                    int type = r.u8();
                    int len = (int) r.varLen();
                    if (type == 0x51 && len == 3) {
                        changes.add(new Change(tick, (r.u8() << 16) | (r.u8() << 8) | r.u8()));
                    } else {
                        r.pos += len;
                    }
                } else if (first == 0xF0 || first == 0xF7) {
                    int len = (int) r.varLen();   // read first: "pos += varLen()" would add to the old pos
                    r.pos += len;
                } else {
                    if ((first & 0x80) != 0) {
                        status = first;
                        r.u8();          // first data byte
                    }                    // else running status: first was the first data byte
                    int kind = status & 0xF0;
                    if (kind != 0xC0 && kind != 0xD0) {
                        r.u8();          // second data byte
                    }
                }
            }
            end = Math.max(end, tick);
            r.pos = trackEnd;
        }
        return new TempoMap(changes, end, division);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int u8() throws IOException {
            if (pos >= b.length) {
                throw new IOException("MIDI file ends early");
            }
            return b[pos++] & 0xFF;
        }

        int u16() throws IOException {
            return (u8() << 8) | u8();
        }

        long u32() throws IOException {
            return ((long) u16() << 16) | u16();
        }

        String tag() throws IOException {
            return new String(new byte[] {(byte) u8(), (byte) u8(), (byte) u8(), (byte) u8()},
                    java.nio.charset.StandardCharsets.US_ASCII);
        }

        long varLen() throws IOException {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                int c = u8();
                v = (v << 7) | (c & 0x7F);
                if ((c & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException("MIDI variable-length number longer than 4 bytes");
        }
    }
}
