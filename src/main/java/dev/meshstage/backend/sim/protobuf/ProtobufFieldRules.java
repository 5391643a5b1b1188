package dev.meshstage.backend.sim.protobuf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the JSON of a built-in kind differs from its protobuf message (resource {@code protobuf/field-rules.txt}):
 * fields whose zero value JSON keeps (Go pointers, no omitempty), embedded messages that JSON inlines, and
 * renamed fields. Keys are {@code <message full name>.<field name>}.
 */
public final class ProtobufFieldRules {

    private static final String RESOURCE = "/protobuf/field-rules.txt";
    private static final ProtobufFieldRules BUILT_IN = load();

    private final Set<String> keepZero;
    private final Set<String> inline;
    private final Map<String, String> renamed;

    public ProtobufFieldRules(Set<String> keepZero, Set<String> inline, Map<String, String> renamed) {
        this.keepZero = Set.copyOf(keepZero);
        this.inline = Set.copyOf(inline);
        this.renamed = Map.copyOf(renamed);
    }

    public static ProtobufFieldRules builtIn() {
        return BUILT_IN;
    }

    public boolean keepsZero(String field) {
        return keepZero.contains(field);
    }

    public boolean inlined(String field) {
        return inline.contains(field);
    }

    /** The JSON name of a field, or null when it is the protobuf name. */
    public String renamed(String field) {
        return renamed.get(field);
    }

    /** The JSON name of a message's field: renamed, {@code $ref}/{@code $schema}, {@code x-kubernetes-…}, or the protobuf name. */
    public String jsonName(com.google.protobuf.Descriptors.Descriptor d, com.google.protobuf.Descriptors.FieldDescriptor f) {
        String other = renamed(d.getFullName() + "." + f.getName());
        if (other != null) {
            return other;
        }
        if (d.getName().equals("JSONSchemaProps")) {
            if (f.getName().equals("ref") || f.getName().equals("schema")) {
                return "$" + f.getName();
            }
            if (f.getName().startsWith("xKubernetes")) {
                return "x-kubernetes" + f.getName().substring("xKubernetes".length()).replaceAll("([A-Z])", "-$1").toLowerCase();
            }
        }
        return f.getName();
    }

    public static ProtobufFieldRules parse(InputStream in) throws IOException {
        Set<String> keep = new HashSet<>();
        Set<String> inl = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("bad protobuf field rule: " + line);
                }
                if (parts[1].equals("keep-zero")) {
                    keep.add(parts[0]);
                } else if (parts[1].equals("inline")) {
                    inl.add(parts[0]);
                } else if (parts[1].startsWith("json=")) {
                    names.put(parts[0], parts[1].substring("json=".length()));
                } else {
                    throw new IllegalArgumentException("bad protobuf field rule: " + line);
                }
            }
        }
        return new ProtobufFieldRules(keep, inl, names);
    }

    private static ProtobufFieldRules load() {
        try (InputStream in = ProtobufFieldRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
