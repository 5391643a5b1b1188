package dev.meshstage.stage;

/** ANSI styling for the stage, or none (NO_COLOR, pipes, tests): styled text is then the text itself. */
public record Style(boolean color) {

    public static final Style PLAIN = new Style(false);
    public static final Style COLOR = new Style(true);

    public String green(String s) {
        return sgr(s, "32");
    }

    public String bold(String s) {
        return sgr(s, "1");
    }

    public String dim(String s) {
        return sgr(s, "2");
    }

    public String italic(String s) {
        return sgr(s, "3");
    }

    public String cyan(String s) {
        return sgr(s, "36");
    }

    public String red(String s) {
        return sgr(s, "31");
    }

    public String yellow(String s) {
        return sgr(s, "33");
    }

    private String sgr(String s, String code) {
        return color && !s.isEmpty() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
