package dev.meshstage.workflow;

import java.util.List;
import java.util.Map;

/**
 * What {@code explain TOPIC} says about one step (or another workshop command), with the workshop files it
 * applies named per cluster as the plan has them.
 *
 * @param step  the workflow step this topic is, or null for a command outside the step order ({@code mesh ca})
 * @param files cluster → the workshop files applied there, relative to the workshop directory
 */
public record Explanation(String topic, Step step, List<String> commands, String title, String creates,
        Map<String, List<String>> files, String filesNote, List<String> concept, List<Failure> failures) {

    /** A common failure and how to see it. */
    public record Failure(String what, String see) {
    }
}
