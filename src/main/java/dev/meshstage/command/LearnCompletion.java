package dev.meshstage.command;

import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tab-completion for {@code explain} (step names and the commands that do them) and {@code help} (commands), one
 * word at a time: after {@code help app } it offers {@code deploy}, {@code status}, …
 */
@Component("learnValues")
public class LearnCompletion implements CompletionProvider {

    private final AcceptedValues values;

    public LearnCompletion(AcceptedValues values) {
        this.values = values;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        if (context.getCommand() == null) {
            return List.of();
        }
        String command = context.getCommand().getName();
        String kind = "help".equals(command) ? AcceptedValues.COMMANDS : AcceptedValues.TOPICS;
        int skip = command.split(" ").length;
        List<String> words = context.getWords();
        int index = Math.min(context.getWordIndex(), words.size());
        List<String> typed = index > skip ? words.subList(skip, index) : List.of();
        return nextWords(values.of(kind), typed).stream().map(CompletionProposal::new).toList();
    }

    /** The words that can follow {@code typed} in any of the (possibly several-word) names. */
    static Set<String> nextWords(List<String> names, List<String> typed) {
        String prefix = typed.isEmpty() ? "" : String.join(" ", typed) + " ";
        Set<String> next = new LinkedHashSet<>();
        for (String name : names) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                next.add(name.substring(prefix.length()).split(" ")[0]);
            }
        }
        return next;
    }
}
