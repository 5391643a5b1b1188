package dev.meshstage.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Fitting text into cells, and the short ages kubectl prints. */
final class Text {

    private Text() {
    }

    static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    /** At most {@code width} cells; a cut string ends in an ellipsis. */
    static String cut(String s, int width) {
        if (width <= 0) {
            return "";
        }
        if (width(s) <= width) {
            return s;
        }
        int end = s.offsetByCodePoints(0, width - 1);
        return s.substring(0, end) + "…";
    }

    /**
     * At most {@code width} cells, cut in the middle so the end stays: a pod's random suffix is what tells two
     * replicas apart ({@code istio-eastwes…-5f7c9d8b6-x2x4z}).
     */
    static String cutMiddle(String s, int width) {
        if (width(s) <= width || width < 12) {
            return cut(s, width);
        }
        int tail = Math.min(width / 2, 16);
        int head = width - tail - 1;
        int n = width(s);
        return s.substring(0, s.offsetByCodePoints(0, head)) + "…" + s.substring(s.offsetByCodePoints(0, n - tail));
    }

    /** Words into lines of at most {@code width} cells; a word longer than that is cut. */
    static List<String> wrap(String s, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.strip().split("\\s+")) {
            if (line.length() > 0 && width(line.toString()) + 1 + width(word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines.stream().map(l -> cut(l, width)).toList();
    }

    static String padRight(String s, int width) {
        String c = cut(s, width);
        return c + " ".repeat(width - width(c));
    }

    static String padLeft(String s, int width) {
        String c = cut(s, width);
        return " ".repeat(width - width(c)) + c;
    }

    /** kubectl's way: {@code 45s}, {@code 5m3s}, {@code 17m}, {@code 3h12m}, {@code 20h}, {@code 3d4h}, {@code 40d}, {@code 2y}. */
    static String age(Duration d) {
        if (d == null) {
            return "?";
        }
        long s = d.getSeconds();
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        long days = h / 24;
        if (days < 8) {
            return days + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
        }
        if (days < 730) {
            return days + "d";
        }
        return days / 365 + "y";
    }
}
