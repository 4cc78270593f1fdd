package org.musicrec.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads {@link MusicrecConfig}: the built-in seed defaults ({@code configs/music_moco.yaml}, bundled
 * in the jar), overlaid by the user's YAML file, overlaid by environment variables. A user file may
 * hold only the keys it changes. Every error names the key (and file) at fault.
 */
public final class ConfigLoader {
    /** Environment variable naming the YAML file when no --config is given. */
    public static final String ENV_CONFIG = "CONFIG";
    public static final String ENV_DB = "CLEMENTINE_DB_PATH";
    public static final String ENV_REMAP = "MUSIC_PATH_REMAP";
    private static final String DEFAULTS = "/org/musicrec/config/music_moco.yaml";

    private final ObjectMapper yaml;

    public ConfigLoader() {
        yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** The seed defaults alone. */
    public MusicrecConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * @param file YAML file given on the command line, or null to use {@code env[CONFIG]} or nothing
     * @param env  environment (System.getenv() in production; tests pass their own)
     */
    public MusicrecConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = readDefaults();
        String source = "built-in defaults";
        if (file == null && env.get(ENV_CONFIG) != null && !env.get(ENV_CONFIG).isBlank()) {
            file = Path.of(env.get(ENV_CONFIG));
        }
        if (file != null) {
            source = file.toString();
            merge(tree, readFile(file), "");
        }
        ObjectNode library = (ObjectNode) tree.get("library");
        if (env.get(ENV_DB) != null && !env.get(ENV_DB).isBlank()) {
            library.put("db_path", env.get(ENV_DB));
        }
        if (env.get(ENV_REMAP) != null) {
            library.put("music_path_remap", env.get(ENV_REMAP));
        }
        return convert(tree, source);
    }

    private ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("built-in defaults " + DEFAULTS + " missing from the jar");
            }
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults unreadable", e);
        }
    }

    private JsonNode readFile(Path file) {
        try {
            JsonNode node = yaml.readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return yaml.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + ": expected a YAML mapping of sections at the top level");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Overlays {@code over} on {@code base}: mappings merge key by key, anything else replaces. */
    private void merge(ObjectNode base, JsonNode over, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode old = base.get(e.getKey());
            if (old == null) {
                throw new ConfigException("unknown key '" + key + "'" + known(base, prefix));
            }
            if (old.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException(key + " must be a mapping of keys, got '" + e.getValue() + "'");
                }
                merge((ObjectNode) old, e.getValue(), key + ".");
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static String known(ObjectNode node, String prefix) {
        Iterable<String> names = node::fieldNames;
        return " (known keys" + (prefix.isEmpty() ? "" : " under " + prefix.substring(0, prefix.length() - 1)) + ": "
                + java.util.stream.StreamSupport.stream(names.spliterator(), false).collect(Collectors.joining(", "))
                + ")";
    }

    private MusicrecConfig convert(ObjectNode tree, String source) {
        try {
            return yaml.treeToValue(tree, MusicrecConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            if (c instanceof ConfigException ce) {
                throw new ConfigException(source + ": " + ce.getMessage());
            }
            throw new ConfigException(source + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown key '" + path(e) + "'");
        } catch (InvalidFormatException e) {
            throw new ConfigException(source + ": " + path(e) + " must be " + typeName(e.getTargetType())
                    + ", got '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            throw new ConfigException(source + ": " + path(e) + " must be "
                    + typeName(e.getTargetType()) + " (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "an integer";
        }
        if (t == double.class || t == Double.class || t == float.class) {
            return "a number";
        }
        if (t == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        return "a mapping";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
