package dev.lethe.server.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Escaping for the dashboard's server-rendered pages. Every value that did not come from this
 * package's own literals goes through {@link #text} (element content and quoted attribute values,
 * the five characters HTML5 gives meaning to) or {@link #url} (a path segment or query value), so
 * nothing stored in the registry can become markup (OWASP Cross-Site Scripting Prevention, rules 1–2).
 */
public final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** {@code value} as HTML text, safe in element content and in a double- or single-quoted attribute; {@code null} is empty. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            String replacement = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(s.charAt(i)));
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@code value} percent-encoded for a path segment or query value (then still to be escaped as {@link #text}). */
    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A time in UTC to the minute, or a dash. */
    public static String time(Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    /** A day in UTC. */
    public static String day(Instant at) {
        return DAY.format(at);
    }

    /** A duration in the largest sensible unit: {@code 3.2 s}, {@code 14 min}, {@code 5.5 h}, {@code 2.1 d}. */
    public static String duration(Duration d) {
        double s = d.toMillis() / 1000.0;
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", s);
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%.0f min", s / 60);
        }
        if (s < 2 * 86400) {
            return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600);
        }
        return String.format(java.util.Locale.ROOT, "%.1f d", s / 86400);
    }
}
