package dev.meshstage.mesh.doctor;

/** How one check came out, worst last; {@code SKIPPED} when what it looks at does not exist yet (another check says so). */
public enum Verdict {
    OK("✔"), SKIPPED("·"), WARN("‼"), FAIL("✘");

    private final String symbol;

    Verdict(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** {@code ok}, {@code skipped}, {@code warn}, {@code fail}: the word in {@code --json}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
