package dev.meshstage.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the files of a workshop directory's {@code configs/} and {@code sample-app/} are right now (each file's path,
 * size and modification time): what is read from them is kept until this changes, so an edit counts at once and
 * an unchanged directory is not parsed again for every command.
 */
public record WorkshopFiles(List<String> states) {

    public WorkshopFiles {
        states = List.copyOf(states);
    }

    public static WorkshopFiles of(Path directory) {
        List<String> states = new ArrayList<>();
        for (String top : List.of("configs", "sample-app")) {
            Path root = directory.resolve(top);
            if (!Files.isDirectory(root)) {
                states.add(root + " absent");
                continue;
            }
            try (var files = Files.walk(root)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> {
                    try {
                        states.add(f + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis());
                    } catch (IOException e) {
                        states.add(f + " unreadable");
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                states.add(root + " unreadable");
            }
        }
        return new WorkshopFiles(states);
    }
}
