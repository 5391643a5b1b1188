package dev.meshstage.command;

import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.util.List;

/** Tab-completion for {@code explain} (steps, then the commands that do them) and {@code help} (commands). */
@Component("learnValues")
public class LearnCompletion implements CompletionProvider {

    private final AcceptedValues values;

    public LearnCompletion(AcceptedValues values) {
        this.values = values;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        String kind = context.getCommand() != null && "help".equals(context.getCommand().getName())
                ? AcceptedValues.COMMANDS : AcceptedValues.TOPICS;
        return values.of(kind).stream().map(CompletionProposal::new).toList();
    }
}
