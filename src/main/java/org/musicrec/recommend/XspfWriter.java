package org.musicrec.recommend;

import org.musicrec.io.AtomicFiles;
import org.musicrec.library.FileUrls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes XSPF version 1 playlists (xspf.org/xspf-v1). Every track gets location (percent-encoded
 * file:// URI), title, creator, annotation, album and duration, in the order the XSPF schema
 * requires, because Clementine blanks any tag a playlist leaves out and silently truncates a
 * playlist at the first invalid XML.
 */
public final class XspfWriter {
    private XspfWriter() {
    }

    public static void write(Path file, String title, List<PlaylistEntry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n");
        sb.append("  <title>").append(TagText.xml(title)).append("</title>\n");
        sb.append("  <creator>musicrec</creator>\n");
        sb.append("  <trackList>\n");
        for (PlaylistEntry e : entries) {
            var s = e.song();
            sb.append("    <track>\n");
            sb.append("      <location>").append(TagText.xmlEscape(FileUrls.toUrl(s.path()))).append("</location>\n");
            sb.append("      <title>").append(TagText.xml(s.title())).append("</title>\n");
            sb.append("      <creator>").append(TagText.xml(s.artist())).append("</creator>\n");
            sb.append("      <annotation>").append(TagText.xml(e.annotation())).append("</annotation>\n");
            sb.append("      <album>").append(TagText.xml(s.album())).append("</album>\n");
            sb.append("      <duration>").append(Math.max(0, Math.round(s.durationSeconds() * 1000))).append("</duration>\n");
            sb.append("    </track>\n");
        }
        sb.append("  </trackList>\n</playlist>\n");
        AtomicFiles.writeString(file, sb.toString());
    }
}
