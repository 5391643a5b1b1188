package dev.meshstage.backend.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The time of one simulated cluster (give it to the {@code ObjectStore} as its clock).
 *
 * <p>{@link Mode#INSTANT}: time stands still while there is work and only moves when the runtime jumps it to
 * the next due timer ({@link #advanceTo}); nothing waits in real time, so tests and scripts are fast and a
 * scenario always produces the same timestamps. {@link Mode#PACED}: time flows with the wall clock multiplied
 * by {@link #speed()} (1.0 = real time, 10 = ten virtual seconds per real second), for use on stage.
 * {@link Mode#LIVE} (the background server): the time every timestamp carries ({@link #get()}) is the wall
 * clock, so ages are the same whether the API server or kubectl computes them, both clusters are on one
 * timeline and nothing is ever stamped in the future; the runtime's timers run on {@link #timerNow()}, which
 * follows the wall clock too but may jump ahead of it to the next timer, so nobody waits for a simulated
 * image pull.
 */
public final class VirtualClock implements Supplier<Instant> {

    /** Where a brand-new simulation starts. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T09:00:00Z");

    public enum Mode { INSTANT, LIVE, PACED }

    /** Where the wall clock is read: the system's, or one a test moves by hand. */
    public interface Wall {
        Wall SYSTEM = new Wall() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };

        Instant now();

        /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
        long nanoTime();
    }

    private final Wall wall;
    private Mode mode;
    private double speed;
    private Instant anchor;
    private long anchorNanos;
    private Instant lastStamp = Instant.MIN;

    public VirtualClock(Instant start, Mode mode, double speed) {
        this(start, mode, speed, Wall.SYSTEM);
    }

    public VirtualClock(Instant start, Mode mode, double speed, Wall wall) {
        this.wall = wall;
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.anchor = start;
        this.mode = mode;
        this.speed = speed;
        this.anchorNanos = wall.nanoTime();
    }

    /** An instant-mode clock at {@link #EPOCH}. */
    public static VirtualClock instant() {
        return new VirtualClock(EPOCH, Mode.INSTANT, 1.0);
    }

    public static VirtualClock instant(Instant start) {
        return new VirtualClock(start, Mode.INSTANT, 1.0);
    }

    public static VirtualClock paced(Instant start, double speed) {
        return new VirtualClock(start, Mode.PACED, speed);
    }

    /** A live clock: stamps on the wall clock, timers from {@code saved} or now, whichever is later. */
    public static VirtualClock live(Instant saved) {
        return live(saved, Wall.SYSTEM);
    }

    /** A live clock on the given wall clock. */
    public static VirtualClock live(Instant saved, Wall wall) {
        return new VirtualClock(later(saved, wall.now()), Mode.LIVE, 1.0, wall);
    }

    /** The time of timestamps: the wall clock when live (never going back), else the timers' time. */
    @Override
    public synchronized Instant get() {
        if (mode != Mode.LIVE) {
            return timerNow();
        }
        Instant now = wall.now();
        lastStamp = later(lastStamp, now); // a wall clock stepped back by NTP must not reorder what was stamped
        return lastStamp;
    }

    /** The time timers are due by; ahead of {@link #get()} only when live and a wait was skipped. */
    public synchronized Instant timerNow() {
        if (mode == Mode.INSTANT) {
            return anchor;
        }
        long elapsed = wall.nanoTime() - anchorNanos;
        return anchor.plusNanos((long) (elapsed * speed));
    }

    public synchronized Mode mode() {
        return mode;
    }

    public synchronized double speed() {
        return speed;
    }

    /** Whether the runtime may jump time ahead to the next timer instead of waiting for it. */
    public synchronized boolean isInstant() {
        return mode != Mode.PACED;
    }

    /** Switches mode (and speed) without a jump back in virtual time; going live moves it up to the wall clock. */
    public synchronized void setMode(Mode newMode, double newSpeed) {
        if (newSpeed <= 0) {
            throw new IllegalArgumentException("speed must be positive: " + newSpeed);
        }
        Instant now = timerNow();
        if (newMode == Mode.LIVE) {
            now = later(now, wall.now());
        }
        this.mode = newMode;
        this.speed = newSpeed;
        this.anchor = now;
        this.anchorNanos = wall.nanoTime();
    }

    /** Moves time forward to {@code t} (never backwards). In paced mode this skips ahead. */
    public synchronized void advanceTo(Instant t) {
        Instant now = timerNow();
        if (t.isAfter(now)) {
            anchor = t;
            anchorNanos = wall.nanoTime();
        }
    }

    public void advance(Duration d) {
        advanceTo(timerNow().plus(d));
    }

    /** Real time until virtual instant {@code t} is reached (zero when it is due; meaningless in instant mode). */
    public synchronized Duration realDelayUntil(Instant t) {
        Duration virtual = Duration.between(timerNow(), t);
        if (virtual.isNegative() || virtual.isZero()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (virtual.toNanos() / speed));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
