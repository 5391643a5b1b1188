package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.controller.ContainerPrograms;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A container's command as its main process: run by the simulated shell in virtual time when the kubelet starts
 * the container, so what it prints and when it exits follow the sim's clock. Images the sim knows as servers keep
 * serving (no run); so does a command the simulated runtime has no program for in an image that is not a plain
 * shell image (a learner's own server binary). A shell with {@code stdin} waits for {@code kubectl attach}/{@code run -it}.
 */
final class MainProcess {

    /** Images whose own program is a long-running server in the sim, whatever the command says. */
    private static final List<String> SERVERS = List.of("nginx", "httpd", "redis", "postgres", "mysql", "mariadb", "mongo",
            "rabbitmq", "coredns", "etcd", "kube-", "pause", "kindnetd", "local-path", "metallb", "istio/", "simple-buy", "agnhost");
    /** Plain OS images: their default command is a shell, and only what the simulated runtime runs exists in them. */
    private static final List<String> SHELL_IMAGES = List.of("busybox", "alpine", "ubuntu", "debian", "curlimages/curl", "netshoot",
            "fedora", "centos", "amazonlinux");
    private static final Set<String> SHELLS = Set.of("sh", "ash", "bash");
    /** The runtime's exit code when the program does not exist in the image (containerd's StartError). */
    static final int START_ERROR = 128;

    private MainProcess() {
    }

    static ContainerPrograms.Run run(SimContainers containers, JsonNode pod, JsonNode spec) {
        String image = spec.path("image").asString("").toLowerCase(Locale.ROOT);
        boolean shellImage = SHELL_IMAGES.stream().anyMatch(image::contains);
        if (SERVERS.stream().anyMatch(image::contains)) {
            return null;
        }
        List<String> argv = new ArrayList<>();
        spec.path("command").forEach(a -> argv.add(a.asString()));
        spec.path("args").forEach(a -> argv.add(a.asString()));
        if (argv.isEmpty()) {
            if (!shellImage) {
                return null;
            }
            argv.add("sh");
        }
        String program = ContainerFiles.baseName(argv.get(0));
        if (!Commands.exists(program)) {
            return shellImage ? new ContainerPrograms.Run(List.of(), Duration.ZERO, START_ERROR) : null;
        }
        boolean interactive = spec.path("stdin").asBoolean(false);
        if (interactive && (SHELLS.contains(program) && !argv.contains("-c") || program.equals("cat") && argv.size() == 1)) {
            return new ContainerPrograms.Run(List.of(), null, 0); // until the attached terminal ends it
        }
        Container c;
        try {
            c = containers.open(pod.path("metadata").path("namespace").asString(), pod.path("metadata").path("name").asString(),
                    spec.path("name").asString());
        } catch (IOException e) {
            return null;
        }
        Shell.Time time = new Shell.Time(true);
        Shell sh = new Shell(c, c.env, spec.path("workingDir").asString("/"), time);
        Lines out = new Lines(time);
        int code;
        boolean forever = false;
        try {
            code = Commands.run(sh, argv, new Io(InputStream.nullInputStream(), out, out));
        } catch (Shell.Exit e) {
            code = e.code;
        } catch (Shell.Forever e) {
            code = 0;
            forever = true;
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.add("error: " + e.getMessage());
            code = 1;
        }
        out.end();
        return new ContainerPrograms.Run(out.lines, forever ? null : Duration.ofMillis(time.elapsedMillis), code);
    }

    /** What the process writes, cut into log lines, each stamped with the virtual time it was written at. */
    private static final class Lines extends OutputStream {
        final List<ContainerPrograms.Output> lines = new ArrayList<>();
        private final Shell.Time time;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Lines(Shell.Time time) {
            this.time = time;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            } else if (b != '\r') {
                partial.write(b);
            }
        }

        void add(String line) {
            lines.add(new ContainerPrograms.Output(Duration.ofMillis(time.elapsedMillis), line));
        }

        void end() {
            if (partial.size() > 0) {
                add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
        }
    }
}
