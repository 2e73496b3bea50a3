package dev.lethe.audit.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Escaping, formatting and the page frame (style sheet, render check) shared by Lethe's HTML reports:
 * {@code lethe audit}'s and {@code lethe privacy compare}'s.
 */
public final class Html {

    private Html() {
    }

    public static String escape(String s) {
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
    public static String image(String svg, String alt) {
        return "<img class=\"chart\" width=\"640\" height=\"400\" alt=\"" + escape(alt) + "\" src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)) + "\">";
    }

    public static String num(double v, int digits) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    public static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** The opening of a self-contained report page, up to and including {@code <body>}. */
    public static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n"
                + "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n"
                + "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}\n"
                + "table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}\n"
                + "th{background:#f3f3f3}td.l,th.l{text-align:left}.summary{background:#f6f9fc;border-left:4px solid #0072B2;padding:.6em 1em}\n"
                + ".ok{color:#006d2c;font-weight:bold}.bad{color:#b30000;font-weight:bold}.note{color:#555;font-size:.9em}\n"
                + "img.chart{max-width:100%;height:auto;border:1px solid #eee}\n</style>\n</head>\n<body>\n";
    }

    /** The end of a report page: a small script that marks when every chart has decoded (used by rendering tests). */
    public static String tail() {
        return "<script>\nwindow.addEventListener('load', function () {\n"
                + "  var imgs = document.images, ok = 0;\n"
                + "  for (var i = 0; i < imgs.length; i++) { if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; } }\n"
                + "  var m = document.createElement('div'); m.id = 'render-check';\n"
                + "  m.setAttribute('data-images', String(imgs.length)); m.setAttribute('data-loaded', String(ok));\n"
                + "  m.textContent = ok === imgs.length ? 'all-images-loaded' : 'images-missing';\n"
                + "  document.body.appendChild(m);\n});\n</script>\n</body>\n</html>\n";
    }
}
