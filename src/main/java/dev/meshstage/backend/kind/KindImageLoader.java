package dev.meshstage.backend.kind;

import dev.meshstage.backend.ImagePreload;
import dev.meshstage.backend.ProgressListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code kind load docker-image} per image, as the workshop's preload scripts do — but checking first that the
 * local docker has the image ({@code docker image inspect}), and recognising the failure kind gives for
 * multi-platform images under Docker's containerd image store ({@code ctr: content digest sha256:… not found},
 * kubernetes-sigs/kind#3795), whose fix is to save one platform to an archive and load that.
 */
final class KindImageLoader {

    /** kind imports through {@code ctr} into every node; a large image on a slow disk takes a while. */
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

    private final ProcessRunner processes;
    private final String platform;

    /** @param platform docker's name for this machine's platform, e.g. {@code linux/amd64} */
    KindImageLoader(ProcessRunner processes, String platform) {
        this.processes = processes;
        this.platform = platform;
    }

    /** The node platform kind runs on this machine: the JVM's architecture in docker's words. */
    static String hostPlatform() {
        String arch = System.getProperty("os.arch", "amd64");
        return "linux/" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64");
    }

    List<ImagePreload> load(String cluster, List<String> images, ProgressListener progress) {
        List<ImagePreload> out = new ArrayList<>();
        for (String image : images) {
            out.add(loadOne(cluster, image, progress));
        }
        return out;
    }

    private ImagePreload loadOne(String cluster, String image, ProgressListener progress) {
        ProcessResult inspect = processes.attempt(List.of("docker", "image", "inspect", "--format", "{{.Id}}", image),
                KindBackend.QUERY_TIMEOUT, line -> { });
        if (!inspect.succeeded()) {
            String reason = inspect.lastErrorLine();
            if (reason.contains("Cannot connect to the Docker daemon")) {
                return ImagePreload.failed(cluster, image, "docker is not running (" + reason + "); start Docker");
            }
            return ImagePreload.failed(cluster, image, "not in the local docker images: 'docker pull " + image + "' first");
        }
        progress.progress(cluster, "kind load docker-image " + image);
        ProcessResult load = processes.attempt(List.of("kind", "load", "docker-image", image, "--name", cluster), LOAD_TIMEOUT,
                line -> { });
        if (load.succeeded()) {
            return ImagePreload.loaded(cluster, image, "");
        }
        boolean containerdStore = Stream.concat(load.stdout().stream(), load.stderr().stream())
                .anyMatch(l -> l.contains("ctr: content digest") && l.contains("not found"));
        if (containerdStore) {
            String archive = image.replaceAll("[^A-Za-z0-9._-]", "_") + ".tar";
            return ImagePreload.failed(cluster, image, "kind cannot import it from Docker's containerd image store "
                    + "(ctr: content digest … not found, kind#3795): run 'docker image save --platform " + platform + " -o "
                    + archive + " " + image + "' then 'kind load image-archive " + archive + " --name " + cluster + "'");
        }
        return ImagePreload.failed(cluster, image, "`" + load.commandLine() + "` failed (exit " + load.exitCode() + "): "
                + load.lastErrorLine());
    }
}
