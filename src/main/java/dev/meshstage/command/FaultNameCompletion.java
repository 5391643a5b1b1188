package dev.meshstage.command;

import dev.meshstage.step.Fault;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/** Tab-completion of fault names for {@code sim fault} and {@code sim fault clear}; cluster names for {@code --cluster}. */
@Component("faultNames")
public class FaultNameCompletion implements CompletionProvider {

    private final ClusterNameCompletion clusters;

    public FaultNameCompletion(ClusterNameCompletion clusters) {
        this.clusters = clusters;
    }

    @Override
    public List<CompletionProposal> apply(CompletionContext context) {
        var option = context.getCommandOption();
        if (option != null) {
            return "cluster".equals(option.longName()) ? clusters.apply(context) : List.of();
        }
        return Arrays.stream(Fault.values()).map(f -> new CompletionProposal(f.word())).toList();
    }
}
