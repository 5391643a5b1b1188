package dev.meshstage.command;

import dev.meshstage.stage.Fallback;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tab-completion for {@code replay} and {@code record}: Markdown files and directories under the word typed
 * so far (transcripts/ first of all), and the values of {@code --fallback}.
 */
@Component("transcriptFiles")
public class TranscriptCompletion implements CompletionProvider {

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        var option = context.getCommandOption();
        if (option != null) {
            return "fallback".equals(option.longName())
                    ? Arrays.stream(Fallback.values()).map(f -> new CompletionProposal(f.word())).toList()
                    : List.of();
        }
        // the word as typed (its cursor position is the line's, not the word's, once the command words are dropped)
        String typed = context.currentWord() == null ? "" : context.currentWord();
        return files(Path.of(""), typed).stream().map(CompletionProposal::new).toList();
    }

    /** Markdown files and directories whose path (relative to {@code base}) starts with {@code typed}. */
    static List<String> files(Path base, String typed) {
        int slash = typed.lastIndexOf('/');
        String dir = slash < 0 ? "" : typed.substring(0, slash + 1);
        Path where = base.resolve(dir.isEmpty() ? "." : dir);
        if (!Files.isDirectory(where)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(where)) {
            return s.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> dir + p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                    .filter(p -> p.startsWith(typed))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
