package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.session.Session;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.util.List;

/** Tab-completion of cluster names (from the workshop's plans) for arguments and {@code --cluster}. */
@Component("clusterNames")
public class ClusterNameCompletion implements CompletionProvider {

    private final Session session;

    public ClusterNameCompletion(Session session) {
        this.session = session;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        var option = context.getCommandOption();
        if (option != null && !"cluster".equals(option.longName())) {
            return List.of(); // another option's value: nothing sensible to offer
        }
        try {
            return session.plan().clusterNames().stream().map(CompletionProposal::new).toList();
        } catch (BackendException e) {
            return List.of();
        }
    }
}
