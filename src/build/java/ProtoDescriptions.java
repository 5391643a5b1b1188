import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step (run by the pom at generate-resources, as a single-file program): the Kubernetes API's field and type
 * descriptions, read from the comments protoc put into client-java-proto's generated sources, written as one JSON
 * object {@code {"k8s.io.api.core.v1.PodSpec": "...", "k8s.io.api.core.v1.PodSpec.containers": "..."}} that the
 * sim's OpenAPI documents carry, so that {@code kubectl explain} reads what a real API server says.
 *
 * <p>The text is the Go doc comment kube-openapi turns into a description: marker lines ({@code +optional},
 * {@code +listType=map}) and one-line TODOs dropped, everything after a {@code ---} line dropped, a paragraph's
 * lines joined by spaces, blank lines kept as paragraph breaks, indented lines (examples) kept on lines of their own.
 *
 * <p>Usage: {@code java ProtoDescriptions.java SOURCES_JAR OUTPUT_JSON} (does nothing when the output is newer).
 */
public final class ProtoDescriptions {

    /** protoc: the OrBuilder interface of a message comes first, with every field's comment. */
    private static final Pattern INTERFACE = Pattern.compile("@@protoc_insertion_point\\(interface_extends:([\\w.]+)\\)");
    private static final Pattern TYPE = Pattern.compile("^\\s*\\* Protobuf type \\{@code ([\\w.]+)}");
    /** {@code <code>repeated .k8s.io.api.core.v1.Container containers = 2;</code>}: a type, then the field. */
    private static final Pattern FIELD = Pattern.compile("^\\s*\\* <code>\\S.* (\\w+) = \\d+;</code>");
    private static final Pattern COMMENT_LINE = Pattern.compile("^\\s*\\* ?(.*)$");

    private ProtoDescriptions() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(jar)) > 0
                && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(Path.of(args.length > 2 ? args[2] : args[0]))) > 0) {
            return;
        }
        Map<String, String> descriptions = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().endsWith(".java")) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(zip.getInputStream(e), StandardCharsets.UTF_8))) {
                        read(r, descriptions);
                    }
                }
            }
        }
        if (descriptions.size() < 1000) {
            throw new IllegalStateException("only " + descriptions.size() + " descriptions in " + jar + ": has protoc's layout changed?");
        }
        Files.createDirectories(out.getParent());
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("{");
            boolean first = true;
            for (Map.Entry<String, String> d : descriptions.entrySet()) {
                w.write(first ? "\n" : ",\n");
                first = false;
                w.write(quote(d.getKey()) + ":" + quote(d.getValue()));
            }
            w.write("\n}\n");
        }
        System.out.println("ProtoDescriptions: " + descriptions.size() + " descriptions → " + out);
    }

    /** One generated file: each comment's text goes to the message it names or the field its code line names. */
    static void read(BufferedReader r, Map<String, String> descriptions) throws IOException {
        String message = null;
        List<String> pre = null;   // the lines of the <pre> block being read
        List<String> last = null;  // the last <pre> block, until its comment names what it describes
        for (String line; (line = r.readLine()) != null; ) {
            if (pre != null) {
                if (line.strip().equals("* </pre>")) {
                    last = pre;
                    pre = null;
                } else {
                    Matcher m = COMMENT_LINE.matcher(line);
                    pre.add(m.matches() ? m.group(1) : line.strip());
                }
                continue;
            }
            if (line.strip().equals("* <pre>")) {
                pre = new ArrayList<>();
                continue;
            }
            Matcher i = INTERFACE.matcher(line);
            if (i.find()) {
                message = i.group(1);
                continue;
            }
            if (last == null) {
                continue;
            }
            Matcher t = TYPE.matcher(line);
            Matcher f = FIELD.matcher(line);
            if (t.find()) {
                descriptions.putIfAbsent(t.group(1), description(last));
                last = null;
            } else if (f.find() && message != null) {
                descriptions.putIfAbsent(message + "." + f.group(1), description(last));
                last = null;
            } else if (line.strip().equals("*/")) {
                last = null;
            }
        }
    }

    /** The Go comment's lines (protoc's HTML escapes undone) as kube-openapi's description. */
    static String description(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String raw : lines) {
            String line = unescape(raw).stripTrailing();
            String leading = line.stripLeading();
            if (leading.equals("---")) {
                break;
            }
            if (line.isEmpty()) {
                dropLastSpace(b);
                b.append("\n\n");
            } else if (leading.startsWith("TODO") || leading.startsWith("+")) {
                continue;
            } else if (line.startsWith(" ") || line.startsWith("\t")) {
                dropLastSpace(b);
                b.append('\n').append(line).append('\n');
            } else {
                b.append(line).append(' ');
            }
        }
        return b.toString().strip();
    }

    private static void dropLastSpace(StringBuilder b) {
        if (!b.isEmpty() && (b.charAt(b.length() - 1) == ' ' || b.charAt(b.length() - 1) == '\n')) {
            b.setLength(b.length() - 1);
        }
    }

    /** protoc escapes {@code < > & @ * / \} in javadoc. */
    static String unescape(String s) {
        Matcher m = Pattern.compile("&(lt|gt|amp|quot|apos|#(\\d+));").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String c = switch (m.group(1)) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> String.valueOf((char) Integer.parseInt(m.group(2)));
            };
            m.appendReplacement(b, Matcher.quoteReplacement(c));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
