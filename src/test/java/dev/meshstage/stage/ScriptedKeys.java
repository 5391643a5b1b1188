package dev.meshstage.stage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Keys pressed at given times on a virtual clock: waiting moves the clock, nothing sleeps. */
public final class ScriptedKeys implements Stage.Keys {

    private record Press(long at, Key key) {
    }

    private final Deque<Press> presses = new ArrayDeque<>();
    private long now;

    public ScriptedKeys at(long millis, Key key) {
        presses.add(new Press(millis, key));
        return this;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Optional<Key> next(long deadline) {
        Press p = presses.peek();
        if (p != null && p.at() <= deadline) {
            presses.poll();
            now = Math.max(now, p.at());
            return Optional.of(p.key());
        }
        if (deadline == Long.MAX_VALUE) {
            throw new AssertionError("the player waits for a key at " + now + " ms and none is scripted");
        }
        now = Math.max(now, deadline);
        return Optional.empty();
    }

    public boolean allPressed() {
        return presses.isEmpty();
    }
}
