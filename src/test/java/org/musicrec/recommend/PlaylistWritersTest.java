package org.musicrec.recommend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaylistWritersTest {
    @TempDir
    Path tmp;

    private List<PlaylistEntry> nastyEntries() throws Exception {
        List<PlaylistEntry> out = new ArrayList<>();
        String[] titles = {"Rock & Roll <Live> \"1999\"", "Tab\there\u0001\u0007bell\nnewline", "x".repeat(5000),
                "Emoji 🎸 ok", "bad \uD800 surrogate"};
        for (int i = 0; i < titles.length; i++) {
            // song 3: 60 CJK characters, 540 characters of URL once percent-encoded; a location is never cut
            String name = i == 3 ? "春夏秋冬東西南北上下".repeat(6) : "100% Söng & co (" + i + ")";
            Path f = tmp.resolve("Café #" + i + "/" + name + ".mp3");
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[]{1, 2, 3});
            out.add(new PlaylistEntry(new Song(i + 1, titles[i], "AC/DC & <Friends>", "Album ']]>", 2000, -1, "",
                    FileUrls.toUrl(f), f, 0, 3, 123.4 + i), 4.2, 0.3));
        }
        return out;
    }

    @Test
    void xspfIsSchemaValidAndEveryLocationResolvesToTheSongsFile() throws Exception {
        List<PlaylistEntry> entries = nastyEntries();
        Path out = tmp.resolve("best.xspf");
        XspfWriter.write(out, "Best & brightest", entries);

        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("xspf-1.xsd")));
        schema.newValidator().validate(new StreamSource(out.toFile()));

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(out.toFile());
        NodeList tracks = doc.getElementsByTagNameNS("http://xspf.org/ns/0/", "track");
        assertEquals(entries.size(), tracks.getLength());
        for (int i = 0; i < tracks.getLength(); i++) {
            Element t = (Element) tracks.item(i);
            String loc = t.getElementsByTagNameNS("*", "location").item(0).getTextContent();
            assertTrue(loc.startsWith("file:///"), loc);
            assertFalse(loc.contains(" ") || loc.contains("#"), "percent-encoded: " + loc);
            Path resolved = FileUrls.toPath(loc);
            assertEquals(entries.get(i).song().path(), resolved);
            assertTrue(Files.isRegularFile(resolved));
            assertEquals("AC/DC & <Friends>", t.getElementsByTagNameNS("*", "creator").item(0).getTextContent());
            String title = t.getElementsByTagNameNS("*", "title").item(0).getTextContent();
            assertTrue(title.length() <= TagText.MAX_LENGTH);
            assertTrue(t.getElementsByTagNameNS("*", "annotation").item(0).getTextContent().contains("4.2"));
            assertEquals(String.valueOf(Math.round((123.4 + i) * 1000)),
                    t.getElementsByTagNameNS("*", "duration").item(0).getTextContent());
        }
        assertEquals("Rock & Roll <Live> \"1999\"",
                ((Element) tracks.item(0)).getElementsByTagNameNS("*", "title").item(0).getTextContent());
        assertEquals("Tab herebell newline",
                ((Element) tracks.item(1)).getElementsByTagNameNS("*", "title").item(0).getTextContent());
    }

    @Test
    void m3u8HasOneInfoLineAndOneAbsolutePathPerSong() throws Exception {
        List<PlaylistEntry> entries = nastyEntries();
        Path out = tmp.resolve("best.m3u8");
        M3uWriter.write(out, entries);
        List<String> lines = Files.readAllLines(out);
        assertEquals("#EXTM3U", lines.get(0));
        assertEquals(1 + 2 * entries.size(), lines.size());
        for (int i = 0; i < entries.size(); i++) {
            assertTrue(lines.get(1 + 2 * i).startsWith("#EXTINF:" + Math.round(123.4 + i) + ",AC/DC & <Friends> - "));
            assertEquals(entries.get(i).song().path().toString(), lines.get(2 + 2 * i));
        }
    }
    @Test
    void m3u8ExtinfSplitsIntoArtistAndTitleAsPlayersSplitIt() throws Exception {
        Path f = tmp.resolve("a.flac");
        Files.write(f, new byte[]{1});
        // artist, title, then how each should show: a lone hyphen as an en dash, other hyphens kept
        String[][] tags = {
            {"Simon - Garfunkel", "Song - Live - 1999", "Simon \u2013 Garfunkel", "Song \u2013 Live \u2013 1999"},
            {"Trailing -", "- Intro", "Trailing \u2013", "\u2013 Intro"},
            {"-", "x-y -z", "\u2013", "x-y -z"}};
        List<PlaylistEntry> entries = new ArrayList<>();
        for (String[] t : tags) {
            entries.add(new PlaylistEntry(new Song(1, t[1], t[0], "", 0, -1, "", FileUrls.toUrl(f), f, 0, 1, 60), 3, 0));
        }
        Path out = tmp.resolve("dash.m3u8");
        M3uWriter.write(out, entries);
        List<String> lines = Files.readAllLines(out);
        for (int i = 0; i < tags.length; i++) {
            String extinf = lines.get(1 + 2 * i);
            // Clementine's and Strawberry's M3UParser::ParseMetadata: split(" - "), artist = [0], title = [1].
            String[] parts = extinf.substring(extinf.indexOf(',') + 1).split(" - ", -1);
            assertEquals(2, parts.length, extinf);
            assertEquals(tags[i][2], parts[0].strip());
            assertEquals(tags[i][3], parts[1].strip());
        }
    }

    @Test
    void m3u8WritesAPathThatALineCannotHoldAsItsFileUrl() throws Exception {
        Path plain = tmp.resolve("Café #1/100% Söng.flac");
        Path newline = tmp.resolve("new\nline.flac");
        Path trailing = tmp.resolve("trailing space.flac ");
        List<PlaylistEntry> entries = new ArrayList<>();
        for (Path f : List.of(plain, newline, trailing)) {
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[]{1});
            entries.add(new PlaylistEntry(new Song(1, "T", "A", "", 0, -1, "", FileUrls.toUrl(f), f, 0, 1, 60), 3, 0));
        }
        Path out = tmp.resolve("paths.m3u8");
        M3uWriter.write(out, entries);
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 2 * entries.size(), lines.size());
        assertEquals(plain.toString(), lines.get(2));
        assertEquals(newline, FileUrls.toPath(lines.get(4)));
        assertEquals(trailing, FileUrls.toPath(lines.get(6)));
    }

    @Test
    void aSimilarityEntrySaysWhichNumberIsTheUsersOwnRating() {
        Path f = tmp.resolve("a.mp3");
        Song rated = new Song(1, "T", "A", "", 0, 4.0, "", FileUrls.toUrl(f), f, 0, 1, 60);
        Song unrated = new Song(2, "U", "A", "", 0, -1, "", FileUrls.toUrl(f), f, 0, 1, 60);
        assertEquals("musicrec: sounds like your pick (similarity 0.91); you rated it 4.0 stars",
                PlaylistEntry.similar(rated, "similarity 0.91").annotation());
        assertEquals("musicrec: sounds like your pick (similarity 0.91); not rated yet",
                PlaylistEntry.similar(unrated, "similarity 0.91").annotation());
        assertEquals("musicrec: predicted 4.2 stars (±0.3)", new PlaylistEntry(rated, 4.2, 0.3).annotation());
    }
}
