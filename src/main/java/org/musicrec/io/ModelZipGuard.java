package org.musicrec.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a DL4J model zip (checkpoint, rating-model member, pretrained backbone) before DL4J's
 * {@code ModelSerializer} opens it, because a model file is untrusted input: it may come from another
 * machine or a download, and DL4J's loader deserializes parts of it.
 *
 * <ul>
 *   <li>Only the entries DL4J's own writer makes; each unpacks to at most a set number of bytes (counted
 *       while unpacking, not taken from the header), so a zip bomb is refused before DL4J allocates.</li>
 *   <li>{@code preprocessor.bin} and {@code normalizer.bin} are Java-serialized objects that DL4J reads with
 *       a plain {@link ObjectInputStream} (any class on the class path: the classic gadget-chain attack).
 *       We never write them; if present, they are read here first through an {@link ObjectInputFilter} that
 *       admits DL4J's and ND4J's classes and plain JDK values only, and anything else is refused.</li>
 *   <li>{@code configuration.json} names classes ({@code "@class"}) that Jackson instantiates: only DL4J's,
 *       ND4J's and ours are accepted.</li>
 * </ul>
 */
public final class ModelZipGuard {
    /** ResNet-50 with Adam state is ~300 MB; 4 GiB leaves room for far larger models but not for a bomb. */
    public static final long DEFAULT_MAX_ENTRY_BYTES = 4L << 30;
    private static final long MAX_CONFIG_BYTES = 64L << 20;
    private static final Set<String> ENTRIES = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
            "noParams.marker", "preprocessor.bin", "normalizer.bin");
    private static final Set<String> SERIALIZED = Set.of("preprocessor.bin", "normalizer.bin");
    /** Classes a configuration may name (ours: the engine's layer and updater, until they leave the config). */
    private static final List<String> CLASS_PREFIXES = List.of("org.deeplearning4j.", "org.nd4j.", "org.musicrec.");
    /** Classes a serialized entry may hold: DL4J's preprocessors and normalizers need no others. */
    private static final List<String> SERIAL_PREFIXES = List.of("org.deeplearning4j.", "org.nd4j.");
    private static final List<String> JDK_VALUES = List.of("java.lang.", "java.util.", "java.math.");
    private static final int MAX_OBJECT_DEPTH = 50;
    private static final long MAX_OBJECT_REFS = 1_000_000;

    private final long maxEntryBytes;

    public ModelZipGuard(long maxEntryBytes) {
        this.maxEntryBytes = maxEntryBytes;
    }

    public static ModelZipGuard standard() {
        return new ModelZipGuard(DEFAULT_MAX_ENTRY_BYTES);
    }

    /**
     * @param what how the user knows the file ("encoder checkpoint", "rating model"), for the message
     * @throws UnsafeModelFileException naming the file and the reason when it is refused
     */
    public void check(Path zip, String what) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            boolean config = false;
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (!ENTRIES.contains(name)) {
                    throw refuse(zip, what, "unexpected entry '" + name + "' (a DL4J model holds only " + ENTRIES + ")");
                }
                long cap = name.equals("configuration.json") ? MAX_CONFIG_BYTES : maxEntryBytes;
                if (name.equals("configuration.json")) {
                    checkConfiguration(zip, what, readCapped(z, e, cap, zip, what));
                    config = true;
                } else if (SERIALIZED.contains(name)) {
                    checkSerialized(zip, what, name, readCapped(z, e, cap, zip, what));
                } else {
                    countCapped(z, e, cap, zip, what);
                }
            }
            if (!config) {
                throw refuse(zip, what, "no configuration.json (not a DL4J model file)");
            }
        } catch (ZipException e) {
            throw refuse(zip, what, "not a readable zip (" + e.getMessage() + ")");
        }
    }

    private static void checkConfiguration(Path zip, String what, byte[] json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UnsafeModelFileException(zip + ": " + what + " refused: configuration.json is not JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        List<String> classes = new ArrayList<>();
        collectClassNames(root, classes);
        for (String c : classes) {
            if (CLASS_PREFIXES.stream().noneMatch(c::startsWith)) {
                throw refuse(zip, what, "configuration.json names class " + c + ", which is not DL4J's, ND4J's or musicrec's");
            }
        }
    }

    private static void collectClassNames(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> {
                if (f.getKey().equals("@class") && f.getValue().isTextual()) {
                    out.add(f.getValue().asText());
                }
                collectClassNames(f.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(c -> collectClassNames(c, out));
        }
    }

    /** Reads the object graph once through the filter, so DL4J's unfiltered read meets only admitted classes. */
    private static void checkSerialized(Path zip, String what, String entry, byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ModelZipGuard::admit);
            in.readObject();
        } catch (InvalidClassException e) {
            throw refuse(zip, what, entry + " holds a class that is not admitted (" + e.getMessage() + ")");
        } catch (ClassNotFoundException | IOException e) {
            throw refuse(zip, what, entry + " is not a readable serialized object (" + e + ")");
        }
    }

    static ObjectInputFilter.Status admit(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > MAX_OBJECT_DEPTH || info.references() > MAX_OBJECT_REFS) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        String n = c.getName();
        boolean dl4j = SERIAL_PREFIXES.stream().anyMatch(n::startsWith);
        boolean jdkValue = JDK_VALUES.stream().anyMatch(n::startsWith)
                && !n.startsWith("java.lang.reflect.") && !n.startsWith("java.lang.invoke.");
        boolean ok = dl4j || jdkValue;
        return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }

    private byte[] readCapped(ZipFile z, ZipEntry e, long cap, Path zip, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyCapped(z, e, cap, zip, what, out);
        return out.toByteArray();
    }

    private void countCapped(ZipFile z, ZipEntry e, long cap, Path zip, String what) throws IOException {
        copyCapped(z, e, cap, zip, what, null);
    }

    private static void copyCapped(ZipFile z, ZipEntry e, long cap, Path zip, String what, ByteArrayOutputStream out)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (InputStream in = z.getInputStream(e)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > cap) {
                    throw refuse(zip, what, "entry " + e.getName() + " unpacks to more than " + human(cap)
                            + " (a damaged file or a zip bomb)");
                }
                if (out != null) {
                    out.write(buf, 0, n);
                }
            }
        }
    }

    private static String human(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.0f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }

    private static UnsafeModelFileException refuse(Path zip, String what, String reason) {
        return new UnsafeModelFileException(zip + ": " + what + " refused: " + reason);
    }

    /** A model file that is refused; the message names the file and why. */
    public static final class UnsafeModelFileException extends IOException {
        public UnsafeModelFileException(String message) {
            super(message);
        }
    }
}
