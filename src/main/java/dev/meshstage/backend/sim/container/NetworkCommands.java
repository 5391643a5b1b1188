package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.SimDataPlane;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The network tools of the simulated containers: {@code nslookup} and {@code getent hosts} ask the cluster's DNS,
 * {@code curl} and {@code wget} send their request through the sim's data plane (so they get what the mesh's
 * routing gives), and {@code pilot-agent request} reads the local Envoy's admin interface in Istio's proxy.
 */
final class NetworkCommands {

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
            Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private NetworkCommands() {
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "");
    }

    static int nslookup(Shell sh, List<String> args, Io io) throws IOException {
        List<String> names = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (names.isEmpty()) {
            io.error("Usage: nslookup HOST [DNS_SERVER]\n");
            return 1;
        }
        String server = sh.container.dns.server();
        StringBuilder out = new StringBuilder("Server:\t\t" + server + "\nAddress:\t" + server + ":53\n\n");
        String name = names.get(0);
        Optional<ClusterDns.Answer> answer = sh.container.dns.resolve(name);
        if (answer.isEmpty() || ClusterDns.isAddress(name)) {
            if (ClusterDns.isAddress(name)) {
                out.append("** server can't find ").append(reverse(name)).append(": NXDOMAIN\n\n");
            } else {
                for (String candidate : sh.container.dns.candidates(name)) {
                    out.append("** server can't find ").append(candidate).append(": NXDOMAIN\n\n");
                }
            }
            io.print(out.toString());
            return 1;
        }
        for (String a : answer.get().addresses()) {
            out.append("Name:\t").append(answer.get().name()).append("\nAddress: ").append(a).append("\n");
        }
        io.print(out.append('\n').toString());
        return 0;
    }

    private static String reverse(String ip) {
        String[] p = ip.split("\\.");
        return p[3] + "." + p[2] + "." + p[1] + "." + p[0] + ".in-addr.arpa";
    }

    static int getent(Shell sh, List<String> args, Io io) throws IOException {
        if (args.isEmpty()) {
            io.error("Usage: getent DATABASE [KEY]...\n");
            return 1;
        }
        String db = args.get(0);
        if (db.equals("passwd")) {
            io.out().write(sh.container.files.read("/etc/passwd"));
            return 0;
        }
        if (!db.equals("hosts") && !db.equals("ahosts") && !db.equals("ahostsv4")) {
            io.error("Unknown database: " + db + "\n");
            return 1;
        }
        int code = 0;
        for (String name : args.subList(1, args.size())) {
            Optional<ClusterDns.Answer> a = sh.container.dns.resolve(name);
            if (a.isEmpty()) {
                code = 2;
                continue;
            }
            for (String ip : a.get().addresses()) {
                io.print(String.format(Locale.ROOT, "%-15s %s%n", ip, a.get().name()));
            }
        }
        return code;
    }

    /** A URL as curl and wget take it: scheme (http when none), host, port, path with query. */
    record Target(String scheme, String host, int port, String path) {

        static Target parse(String url) throws URISyntaxException {
            String u = url.contains("://") ? url : "http://" + url;
            URI uri = new URI(u);
            if (uri.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            return new Target(scheme, uri.getHost(), port, path);
        }
    }

    static int curl(Shell sh, List<String> args, Io io) throws IOException {
        boolean silent = false;
        boolean showErrors = false;
        boolean verbose = false;
        boolean include = false;
        boolean head = false;
        boolean fail = false;
        String method = null;
        String output = null;
        String writeOut = null;
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                switch (a) {
                    case "--silent" -> silent = true;
                    case "--show-error" -> showErrors = true;
                    case "--verbose" -> verbose = true;
                    case "--include" -> include = true;
                    case "--head" -> head = true;
                    case "--fail" -> fail = true;
                    case "--request" -> method = next(args, ++i);
                    case "--output" -> output = next(args, ++i);
                    case "--write-out" -> writeOut = next(args, ++i);
                    case "--header", "--max-time", "--connect-timeout", "--data", "--data-raw", "--user-agent", "--user",
                            "--retry", "--resolve" -> {
                        i++;
                        if (a.startsWith("--data") && method == null) {
                            method = "POST";
                        }
                    }
                    default -> { } // --insecure, --location, --http1.1 …: nothing to change here
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char f = a.charAt(k);
                    switch (f) {
                        case 's' -> silent = true;
                        case 'S' -> showErrors = true;
                        case 'v' -> verbose = true;
                        case 'i' -> include = true;
                        case 'I' -> head = true;
                        case 'f' -> fail = true;
                        case 'X', 'o', 'w', 'H', 'm', 'd', 'A', 'u', 'e' -> {
                            String value = k + 1 < a.length() ? a.substring(k + 1) : next(args, ++i);
                            if (f == 'X') {
                                method = value;
                            } else if (f == 'o') {
                                output = value;
                            } else if (f == 'w') {
                                writeOut = value;
                            } else if (f == 'd' && method == null) {
                                method = "POST";
                            }
                            k = a.length();
                        }
                        default -> { } // -k, -L, -4 …
                    }
                }
            } else if (url == null) {
                url = a;
            }
        }
        if (url == null) {
            io.error("curl: try 'curl --help' or 'curl --manual' for more information\n");
            return 2;
        }
        boolean errors = !silent || showErrors;
        Target t;
        try {
            t = Target.parse(url);
        } catch (URISyntaxException e) {
            if (errors) {
                io.error("curl: (3) URL rejected: Malformed input to a URL function\n");
            }
            return 3;
        }
        if (!t.scheme().equals("http") && !t.scheme().equals("https")) {
            if (errors) {
                io.error("curl: (1) Protocol \"" + t.scheme() + "\" not supported\n");
            }
            return 1;
        }
        Optional<ClusterDns.Answer> resolved = sh.container.dns.resolve(t.host());
        if (resolved.isEmpty()) {
            if (errors) {
                io.error("curl: (6) Could not resolve host: " + t.host() + "\n");
            }
            return 6;
        }
        String ip = resolved.get().addresses().get(0);
        String m = method != null ? method : head ? "HEAD" : "GET";
        if (verbose) {
            io.error("*   Trying " + ip + ":" + t.port() + "...\n");
        }
        SimDataPlane.Response r = request(sh, m, ip, t);
        if (!r.connected()) {
            if (errors) {
                io.error("curl: (7) Failed to connect to " + t.host() + " port " + t.port() + " after 0 ms: " + r.body() + "\n");
            }
            return 7;
        }
        String statusLine = "HTTP/1.1 " + r.status() + " " + reason(r.status());
        StringBuilder headers = new StringBuilder(statusLine + "\r\n");
        r.headers().forEach((k, v) -> headers.append(k).append(": ").append(v).append("\r\n"));
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        headers.append("content-length: ").append(body.length).append("\r\n\r\n");
        if (verbose) {
            io.error("* Connected to " + t.host() + " (" + ip + ") port " + t.port() + "\n> " + m + " " + t.path() + " HTTP/1.1\n> Host: "
                    + t.host() + (t.port() == 80 ? "" : ":" + t.port()) + "\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n");
            for (String line : headers.toString().split("\r\n")) {
                io.error("< " + line + "\n");
            }
        }
        if (fail && r.status() >= 400) {
            if (errors) {
                io.error("curl: (22) The requested URL returned error: " + r.status() + "\n");
            }
            return 22;
        }
        StringBuilder shown = new StringBuilder();
        if (include || head) {
            shown.append(headers);
        }
        if (!head) {
            shown.append(r.body());
        }
        if (output != null && !output.equals("-")) {
            String problem = sh.container.files.write(ContainerFiles.normalize(output, sh.cwd), shown.toString().getBytes(StandardCharsets.UTF_8), false);
            if (problem != null) {
                io.error("curl: (23) Failure writing output to destination: " + problem + "\n");
                return 23;
            }
        } else {
            io.print(shown.toString());
        }
        if (writeOut != null) {
            io.print(writeOut.replace("%{http_code}", Integer.toString(r.status())).replace("%{response_code}", Integer.toString(r.status()))
                    .replace("%{remote_ip}", ip).replace("%{time_total}", "0.001000").replace("%{size_download}", Integer.toString(body.length))
                    .replace("\\n", "\n"));
        }
        return 0;
    }

    private static SimDataPlane.Response request(Shell sh, String method, String ip, Target t) {
        Container c = sh.container;
        return c.network.http(c.cluster, c.namespace, c.pod, method.toUpperCase(Locale.ROOT), ip, t.port(), t.path(), t.host());
    }

    static int wget(Shell sh, List<String> args, Io io) throws IOException {
        boolean quiet = false;
        boolean serverResponse = false;
        boolean spider = false;
        String output = null;
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--spider")) {
                spider = true;
            } else if (a.startsWith("--")) {
                if (a.equals("--output-document")) {
                    output = next(args, ++i);
                } else if (a.equals("--timeout") || a.equals("--user-agent") || a.equals("--header")) {
                    i++;
                } else if (a.equals("--quiet")) {
                    quiet = true;
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char f = a.charAt(k);
                    if (f == 'q') {
                        quiet = true;
                    } else if (f == 'S') {
                        serverResponse = true;
                    } else if (f == 'O' || f == 'T' || f == 'U' || f == 'Y' || f == 'P') {
                        String value = k + 1 < a.length() ? a.substring(k + 1) : next(args, ++i);
                        if (f == 'O') {
                            output = value;
                        }
                        k = a.length();
                    }
                }
            } else if (url == null) {
                url = a;
            }
        }
        if (url == null) {
            io.error("Usage: wget [-cqS] [--spider] [-O FILE] [-T SEC] URL...\n");
            return 1;
        }
        Target t;
        try {
            t = Target.parse(url);
        } catch (URISyntaxException e) {
            io.error("wget: bad address '" + url + "'\n");
            return 1;
        }
        Optional<ClusterDns.Answer> resolved = sh.container.dns.resolve(t.host());
        if (resolved.isEmpty()) {
            io.error("wget: bad address '" + t.host() + "'\n");
            return 1;
        }
        String ip = resolved.get().addresses().get(0);
        if (!quiet) {
            io.error("Connecting to " + t.host() + (t.port() == 80 ? "" : ":" + t.port()) + " (" + ip + ":" + t.port() + ")\n");
        }
        SimDataPlane.Response r = request(sh, spider ? "HEAD" : "GET", ip, t);
        if (!r.connected()) {
            io.error("wget: can't connect to remote host (" + ip + "): " + r.body() + "\n");
            return 1;
        }
        if (serverResponse) {
            StringBuilder h = new StringBuilder("  HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\n");
            r.headers().forEach((k, v) -> h.append("  ").append(k).append(": ").append(v).append('\n'));
            io.error(h.toString());
        }
        if (r.status() >= 400) {
            io.error("wget: server returned error: HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\n");
            return 1;
        }
        if (spider) {
            if (!quiet) {
                io.error("remote file exists\n");
            }
            return 0;
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        if ("-".equals(output)) {
            io.out().write(body);
            io.out().flush();
            return 0;
        }
        String file = output != null ? output : t.path().equals("/") || t.path().endsWith("/") ? "index.html"
                : ContainerFiles.baseName(t.path().replaceAll("\\?.*", ""));
        if (!quiet) {
            io.error("saving to '" + file + "'\n");
        }
        String problem = sh.container.files.write(ContainerFiles.normalize(file, sh.cwd), body, false);
        if (problem != null) {
            io.error("wget: can't open '" + file + "': " + problem + "\n");
            return 1;
        }
        if (!quiet) {
            io.error(String.format(Locale.ROOT, "%-20s 100%% |********************************| %5d  0:00:00 ETA%n'%s' saved%n", file, body.length, file));
        }
        return 0;
    }

    /** {@code pilot-agent request GET clusters}: Envoy's admin API on localhost:15000, as the agent relays it. */
    static int pilotAgent(Shell sh, List<String> args, Io io) throws IOException {
        if (args.size() < 3 || !args.get(0).equals("request")) {
            io.error("Usage:\n  pilot-agent request <method> <path> [<body>] [flags]\n\n"
                    + "(the simulated pilot-agent only relays requests to Envoy's admin port)\n");
            return 1;
        }
        String path = args.get(2).startsWith("/") ? args.get(2) : "/" + args.get(2);
        Container c = sh.container;
        SimDataPlane.Response r = c.network.envoyAdmin(c.cluster, c.namespace, c.pod, path);
        if (r.status() != 200) {
            io.error("Error: received unsuccessful status code " + r.status() + ": " + r.body() + "\n");
            return 1;
        }
        io.print(r.body());
        return 0;
    }

    private static String next(List<String> args, int i) {
        return i < args.size() ? args.get(i) : "";
    }
}
