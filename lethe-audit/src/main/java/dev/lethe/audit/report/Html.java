package dev.lethe.audit.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Escaping and formatting for the report. */
final class Html {

    private Html() {
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An {@code <img>} showing an SVG document through a base64 data URI. */
    static String image(String svg, String alt) {
        return "<img class=\"chart\" width=\"640\" height=\"400\" alt=\"" + escape(alt) + "\" src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)) + "\">";
    }

    static String num(double v, int digits) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
