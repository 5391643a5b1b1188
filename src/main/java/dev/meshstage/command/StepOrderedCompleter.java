package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workflow.WorkshopState;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Spring Shell's completion, offered in the order that fits where the learner is: the workshop's commands in the
 * workshop's order and, where this process reads the clusters itself (the kind backend), the command to run now
 * first and the least advanced cluster first. On the sim the prompt is a client of the home's server, which holds
 * the clusters: reading them here would start a second backend, so the order is the workshop's alone.
 * (JLine shows candidates by their sort key, then alphabetically.)
 */
@Component
public class StepOrderedCompleter extends CommandCompleter {

    /** How long one reading of the clusters' progress serves completion (a Tab must not wait on every cluster). */
    static final long FRESH_NANOS = 3_000_000_000L;

    private final CommandRegistry registry;
    private final CommandGuides guides;
    private final WorkshopProgress workshop;
    private final boolean readsClusters;
    private WorkshopState state;
    private long readAt;

    public StepOrderedCompleter(CommandRegistry registry, CommandGuides guides, WorkshopProgress workshop,
            dev.meshstage.Invocation invocation) {
        super(registry);
        this.registry = registry;
        this.guides = guides;
        this.workshop = workshop;
        this.readsClusters = !invocation.backend().equals("sim");
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<Candidate> found = new ArrayList<>();
        super.complete(reader, line, found);
        if (found.isEmpty()) {
            found.addAll(arguments(line));
        }
        WorkshopState now = state();
        String prefix = line.words().size() > 1 ? String.join(" ", line.words().subList(0, line.words().size() - 1)) + " " : "";
        List<String> order = List.copyOf(guides.all().keySet());
        String next = now == null ? null : now.next().command().split(" --")[0];
        boolean typingOption = line.word().startsWith("-");
        for (Candidate c : found) {
            int rank = rank(prefix + c.value(), order, next, now);
            candidates.add(new Candidate(c.value(), c.displ(), c.group(), c.descr(), c.suffix(), c.key(), c.complete(),
                    typingOption ? rank : optionsLast(c.value(), rank)));
        }
    }

    /**
     * Where nothing or a value is being typed, the values (fault names, services, clusters) come before the options:
     * {@code sim fault <Tab>} lists the faults, then {@code --cluster} and {@code -c} (alphabetically they came first).
     */
    static int optionsLast(String candidate, int rank) {
        return candidate.startsWith("-") ? OPTIONS + rank : rank;
    }

    /** Above every rank {@link #rank} gives. */
    private static final int OPTIONS = 10_000;

    /**
     * A half-typed argument ({@code explain li}): Spring Shell looks the command up by every word but options, finds
     * no command {@code explain li}, and offers nothing; here the longest command the words start with is asked.
     */
    private List<Candidate> arguments(ParsedLine line) {
        List<String> words = line.words();
        for (int k = words.size() - 1; k >= 1; k--) {
            var command = registry.getCommandByName(String.join(" ", words.subList(0, k)));
            if (command != null) {
                var context = new CompletionContext(words, line.wordIndex(), line.wordCursor(), command, null);
                return command.getCompletionProvider().apply(context).stream()
                        .map(p -> new Candidate(p.value(), p.displayText(), p.category(), p.description(), null, null,
                                p.complete(), 0))
                        .toList();
            }
        }
        return List.of();
    }

    /** The command to run now first, then the workshop's order; the least advanced cluster first. */
    static int rank(String text, List<String> order, String next, WorkshopState state) {
        if (next != null && (next.equals(text) || next.startsWith(text + " "))) {
            return 0;
        }
        if (state != null) {
            List<WorkshopState.ClusterProgress> clusters = state.clusters().stream()
                    .sorted(java.util.Comparator.comparingInt(WorkshopState.ClusterProgress::reached)).toList();
            for (int i = 0; i < clusters.size(); i++) {
                if (text.endsWith(" " + clusters.get(i).cluster()) || text.equals(clusters.get(i).cluster())) {
                    return 1 + i;
                }
            }
        }
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).equals(text) || order.get(i).startsWith(text + " ")) {
                return 10 + i;
            }
        }
        return 1000;
    }

    private synchronized WorkshopState state() {
        if (!readsClusters) {
            return null;
        }
        if (state == null || System.nanoTime() - readAt > FRESH_NANOS) {
            try {
                state = workshop.read();
                readAt = System.nanoTime();
            } catch (BackendException | IllegalArgumentException e) {
                return null; // no clusters to read yet: plain order
            }
        }
        return state;
    }
}
