package dev.meshstage.workshop;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides which workshop directory meshstage uses: {@code --workshop DIR}, else {@code $MESHSTAGE_WORKSHOP},
 * else the current directory when it holds {@code configs/} (a checkout of the workshop), else the copy
 * bundled in the jar, extracted under the meshstage home so that kind and istioctl can read real files.
 */
public final class WorkshopLocator {

    public static final String ENV_VAR = "MESHSTAGE_WORKSHOP";
    /** Where the build puts the repository's {@code configs/} inside the jar. */
    static final String BUNDLE_ROOT = "workshop/";
    /** What the jar carries of a workshop directory: its configs and the application. */
    private static final java.util.List<String> BUNDLED_PARTS = java.util.List.of("configs/", "sample-app/");

    public enum Source { OPTION, ENVIRONMENT, CURRENT_DIRECTORY, BUNDLED }

    public record Location(Path directory, Source source) {
    }

    private final Map<String, String> environment;
    private final Path currentDirectory;
    private final Path meshstageHome;

    public WorkshopLocator(Map<String, String> environment, Path currentDirectory, Path meshstageHome) {
        this.environment = Map.copyOf(environment);
        this.currentDirectory = currentDirectory;
        this.meshstageHome = meshstageHome;
    }

    /** @param workshopOption the {@code --workshop} value, or {@code null} when not given */
    public Location locate(Path workshopOption) {
        if (workshopOption != null) {
            return new Location(checked(workshopOption, "--workshop " + workshopOption), Source.OPTION);
        }
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Location(checked(Path.of(fromEnv), ENV_VAR + "=" + fromEnv), Source.ENVIRONMENT);
        }
        if (Files.isDirectory(WorkshopLayout.configs(currentDirectory))) {
            return new Location(currentDirectory.toAbsolutePath().normalize(), Source.CURRENT_DIRECTORY);
        }
        Path bundled = meshstageHome.resolve("workshop").toAbsolutePath().normalize();
        extractBundled(bundled);
        return new Location(bundled, Source.BUNDLED);
    }

    private Path checked(Path given, String origin) {
        Path dir = currentDirectory.resolve(given).toAbsolutePath().normalize();
        if (!Files.isDirectory(WorkshopLayout.configs(dir))) {
            throw new ConfigException(origin + " names " + dir + ", which has no configs/ directory; point it at a workshop "
                    + "directory (holding configs/kind, configs/metallb, configs/istio) or leave it out to use the bundled one");
        }
        return dir;
    }

    /**
     * Copies the bundled {@code configs/} and {@code sample-app/} into {@code target}. Files that already exist are kept: the learner
     * may have edited them, and the extracted copy is theirs.
     *
     * @return the number of files written
     */
    public static int extractBundled(Path target) {
        int written = 0;
        try {
            for (String part : BUNDLED_PARTS) {
                for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + BUNDLE_ROOT + part + "**")) {
                    String url = resource.getURL().toString();
                    int start = url.lastIndexOf(BUNDLE_ROOT + part);
                    if (url.endsWith("/") || !resource.isReadable() || start < 0) {
                        continue; // a directory entry
                    }
                    Path file = target.resolve(url.substring(start + BUNDLE_ROOT.length())).normalize();
                    if (!file.startsWith(target) || Files.exists(file)) {
                        continue;
                    }
                    Files.createDirectories(file.getParent());
                    try (InputStream in = resource.getInputStream()) {
                        Files.copy(in, file);
                        written++;
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        // another process (or the prompt's own start beside it) wrote it a moment ago: theirs is the same
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot extract the bundled workshop to " + target + ": " + e.getMessage()
                    + "; check that the directory is writable or pass --workshop DIR");
        }
        if (!Files.isDirectory(WorkshopLayout.kindDir(target))) {
            throw new ConfigException("this meshstage build has no bundled workshop configs; pass --workshop DIR");
        }
        return written;
    }
}
