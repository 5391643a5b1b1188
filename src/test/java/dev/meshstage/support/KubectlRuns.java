package dev.meshstage.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** kubectl as a process with standard input, and {@code kubectl port-forward} with HTTP through the local port it opens. */
public final class KubectlRuns {

    private KubectlRuns() {
    }

    public record Run(int exit, String out, String err) {
    }

    /** {@code kubectl --kubeconfig … --context … args} with {@code stdin} as its input. */
    public static Run run(String kubectl, Path kubeconfig, Path cache, String context, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache.toString(),
                "--context", context));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        try {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl hung: " + cmd);
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Runs {@code kubectl port-forward TARGET :REMOTE}, fetches {@code path} twice through the local port it reports
     * (two connections over one forward), stops that kubectl; returns the first answer as {@code "STATUS BODY"}.
     */
    public static String throughPortForward(String kubectl, Path kubeconfig, Path cache, String context, String ns, String target,
            String remote, String path) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache.toString(),
                "--context", context, "port-forward", "-n", ns, target, ":" + remote));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            Matcher m = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)").matcher(line == null ? "" : line);
            if (!m.find()) {
                throw new AssertionError("kubectl port-forward said: " + line);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create("http://127.0.0.1:" + m.group(1) + path);
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (second.statusCode() != first.statusCode()) {
                throw new AssertionError("two requests through one forward answered " + first.statusCode() + " then " + second.statusCode());
            }
            return first.statusCode() + " " + first.body();
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
