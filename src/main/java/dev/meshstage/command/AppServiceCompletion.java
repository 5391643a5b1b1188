package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.session.Session;
import dev.meshstage.step.AppManifests;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Tab-completion for the {@code app} commands: service names as arguments (read from the workshop's
 * sample-app, so an added service completes at once), cluster names for {@code --cluster}.
 */
@Component("appServices")
public class AppServiceCompletion implements CompletionProvider {

    private final Session session;
    private final ClusterNameCompletion clusters;

    public AppServiceCompletion(Session session, ClusterNameCompletion clusters) {
        this.session = session;
        this.clusters = clusters;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        var option = context.getCommandOption();
        if (option != null) {
            return "cluster".equals(option.longName()) ? clusters.apply(context) : List.of();
        }
        try {
            return AppManifests.of(session.plan()).allServices().stream().map(CompletionProposal::new).toList();
        } catch (BackendException e) {
            return List.of(); // a broken sample-app shows up when a command renders it, not while typing
        }
    }
}
