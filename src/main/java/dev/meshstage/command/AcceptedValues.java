package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.DidYouMean;
import dev.meshstage.error.BackendException;
import dev.meshstage.session.Session;
import dev.meshstage.step.AppManifests;
import dev.meshstage.workflow.Explanations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The finite sets of values options and arguments take ({@link CommandGuide#values()}), for help, completion
 * and the checks of what was typed: the workshop's clusters and services, explain's topics, the commands.
 */
@Component
public class AcceptedValues {

    public static final String CLUSTERS = "clusters";
    public static final String SERVICES = "services";
    public static final String TOPICS = "topics";
    public static final String COMMANDS = "commands";
    public static final String PORT = "port";

    private final Session session;
    private final ObjectProvider<CommandRegistry> registry;

    public AcceptedValues(Session session, ObjectProvider<CommandRegistry> registry) {
        this.session = session;
        this.registry = registry;
    }

    /** The values of a kind, for completion and "did you mean"; empty for ranges and unknown kinds. */
    public List<String> of(String kind) {
        try {
            return switch (kind) {
                case CLUSTERS -> session.plan().clusterNames();
                case SERVICES -> List.copyOf(AppManifests.of(session.plan()).allServices());
                case TOPICS -> List.copyOf(Explanations.names());
                case COMMANDS -> commandNames();
                default -> List.of();
            };
        } catch (BackendException e) {
            return List.of(); // a broken workshop directory shows up when a command reads it
        }
    }

    /** What a kind accepts, in words for help and errors. */
    public String describe(String kind) {
        return switch (kind) {
            case CLUSTERS -> {
                List<String> names = of(CLUSTERS);
                yield String.join(", ", names) + ", 1.." + names.size() + " or kind-NAME";
            }
            case PORT -> "a port number, 1-65535";
            default -> String.join(", ", of(kind));
        };
    }

    /**
     * @param where the option the value was given to ({@code 'app open --port'}), or null for an argument
     * @throws UsageException when {@code value} is not of {@code kind}, saying what is accepted
     */
    public void check(String kind, String value, String where) {
        String prefix = where == null ? "" : where + ": ";
        switch (kind) {
            case CLUSTERS -> {
                try {
                    session.resolveCluster(value);
                } catch (UsageException e) {
                    throw new UsageException(prefix + e.getMessage());
                }
            }
            case PORT -> {
                Integer port = parseInt(value);
                if (port == null || port < 1 || port > 65535) {
                    throw new UsageException((where == null ? "a port" : where) + " takes " + describe(PORT) + ", not '" + value + "'");
                }
            }
            default -> {
                List<String> accepted = of(kind);
                if (!accepted.isEmpty() && !accepted.contains(value)) {
                    throw new UsageException(prefix + "unknown " + kind.replaceFirst("s$", "") + " '" + value + "'"
                            + DidYouMean.hint(value, accepted) + "; accepted: " + String.join(", ", accepted));
                }
            }
        }
    }

    static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private List<String> commandNames() {
        List<String> names = new ArrayList<>();
        for (Command c : registry.getObject().getCommands()) {
            if (!c.isHidden()) {
                names.add(c.getName());
            }
        }
        return names.stream().sorted().toList();
    }
}
