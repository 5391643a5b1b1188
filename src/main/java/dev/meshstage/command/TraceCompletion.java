package dev.meshstage.command;

import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.mesh.trace.Endpoints;
import dev.meshstage.session.MeshModels;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Tab-completion for {@code trace FROM TO}: workload names from the live clusters for the first argument, service
 * names for the second, cluster names for {@code --cluster}.
 */
@Component("traceNames")
public class TraceCompletion implements CompletionProvider {

    private final MeshModels models;
    private final ClusterNameCompletion clusters;

    public TraceCompletion(MeshModels models, ClusterNameCompletion clusters) {
        this.models = models;
        this.clusters = clusters;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        var option = context.getCommandOption();
        if (option != null) {
            return "cluster".equals(option.longName()) ? clusters.apply(context) : List.of();
        }
        long arguments = context.getWords().subList(0, Math.min(context.getWordIndex(), context.getWords().size())).stream()
                .skip(1).filter(w -> !w.startsWith("-")).count();
        try {
            MeshModel model = models.snapshot(SnapshotSource.Depth.CLUSTER);
            return Endpoints.names(model.clusters(), arguments == 0).stream().map(CompletionProposal::new).toList();
        } catch (RuntimeException e) {
            return List.of(); // no clusters yet: nothing to propose
        }
    }
}
