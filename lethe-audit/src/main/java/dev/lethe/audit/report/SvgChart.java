package dev.lethe.audit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG chart writer: line charts (optionally with a logarithmic x axis) and vertical bar charts,
 * enough for ROC curves, deletion curves, latency histograms and exposure scores. Hand-written SVG keeps
 * the report free of AWT and fonts, byte-for-byte reproducible, and sharp at any zoom.
 */
public final class SvgChart {

    /** Colours that stay distinguishable for the common forms of colour blindness (Okabe–Ito). */
    static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    /** One line of a line chart. */
    public record Series(String name, double[] x, double[] y, boolean dashed) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
            }
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private double xMin = Double.NaN;
    private double xMax = Double.NaN;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    public SvgChart xRange(double min, double max) {
        xMin = min;
        xMax = max;
        return this;
    }

    public SvgChart yRange(double min, double max) {
        yMin = min;
        yMax = max;
        return this;
    }

    /** The line chart as a standalone SVG document. */
    public String lines() {
        double[] xr = range(true, xMin, xMax);
        double[] yr = range(false, yMin, yMax);
        StringBuilder svg = open();
        axes(svg, xr, yr);
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            if (line.x().length == 0) {
                continue;
            }
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < line.x().length; i++) {
                path.append(i == 0 ? "M" : "L").append(fmt(px(line.x()[i], xr))).append(',').append(fmt(py(line.y()[i], yr)));
            }
            String colour = PALETTE[s % PALETTE.length];
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"").append(line.dashed() ? " stroke-dasharray=\"6,4\"" : "").append("/>\n");
            if (line.x().length <= 30) {
                for (int i = 0; i < line.x().length; i++) {
                    svg.append("<circle cx=\"").append(fmt(px(line.x()[i], xr))).append("\" cy=\"").append(fmt(py(line.y()[i], yr)))
                            .append("\" r=\"3\" fill=\"").append(colour).append("\"/>\n");
                }
            }
        }
        legend(svg, series.stream().map(Series::name).toList());
        return svg.append("</svg>\n").toString();
    }

    /** A vertical bar chart of {@code values} with one label per bar (labels may be thinned when crowded). */
    public String bars(List<String> labels, double[] values) {
        return bars(labels, values, null, null);
    }

    /** The bar chart with an interval (a whisker from {@code low[i]} to {@code high[i]}) on each bar; NaN draws none. */
    public String bars(List<String> labels, double[] values, double[] low, double[] high) {
        double[] yr = range(new double[] {0, max(values)}, yMin, yMax);
        StringBuilder svg = open();
        double[] xr = {0, Math.max(1, values.length)};
        axesFrame(svg, yr);
        int plotW = WIDTH - LEFT - RIGHT;
        double bw = (double) plotW / Math.max(1, values.length);
        int every = Math.max(1, values.length / 12);
        for (int i = 0; i < values.length; i++) {
            double x = LEFT + i * bw;
            double top = py(values[i], yr);
            double base = py(Math.max(yr[0], 0), yr);
            svg.append("<rect x=\"").append(fmt(x + bw * 0.1)).append("\" y=\"").append(fmt(Math.min(top, base)))
                    .append("\" width=\"").append(fmt(bw * 0.8)).append("\" height=\"").append(fmt(Math.abs(base - top)))
                    .append("\" fill=\"").append(PALETTE[0]).append("\"/>\n");
            if (low != null && !Double.isNaN(low[i]) && !Double.isNaN(high[i])) {
                double cx = x + bw / 2;
                double lo = py(low[i], yr);
                double hi = py(high[i], yr);
                svg.append("<path d=\"M").append(fmt(cx)).append(',').append(fmt(lo)).append("L").append(fmt(cx)).append(',')
                        .append(fmt(hi)).append("M").append(fmt(cx - bw * 0.15)).append(',').append(fmt(lo)).append("L")
                        .append(fmt(cx + bw * 0.15)).append(',').append(fmt(lo)).append("M").append(fmt(cx - bw * 0.15)).append(',')
                        .append(fmt(hi)).append("L").append(fmt(cx + bw * 0.15)).append(',').append(fmt(hi))
                        .append("\" stroke=\"black\" stroke-width=\"1.5\" fill=\"none\" class=\"interval\"/>\n");
            }
            if (i % every == 0) {
                svg.append("<text x=\"").append(fmt(x + bw / 2)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                        .append("\" font-size=\"10\" text-anchor=\"middle\">").append(Html.escape(labels.get(i))).append("</text>\n");
            }
        }
        svg.append("<text x=\"").append(LEFT + (WIDTH - LEFT - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 12)
                .append("\" font-size=\"12\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>\n");
        return svg.append("</svg>\n").toString();
    }

    private StringBuilder open() {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"22\" font-size=\"15\" text-anchor=\"middle\" font-weight=\"bold\">")
                .append(Html.escape(title)).append("</text>\n");
        return svg;
    }

    private void axesFrame(StringBuilder svg, double[] yr) {
        int x0 = LEFT;
        int y0 = HEIGHT - BOTTOM;
        svg.append("<line x1=\"").append(x0).append("\" y1=\"").append(TOP).append("\" x2=\"").append(x0).append("\" y2=\"").append(y0)
                .append("\" stroke=\"black\"/>\n");
        svg.append("<line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"")
                .append(y0).append("\" stroke=\"black\"/>\n");
        List<Double> yTicks = ticks(yr[0], yr[1]);
        double yStep = yTicks.size() > 1 ? yTicks.get(1) - yTicks.get(0) : 1;
        for (double t : yTicks) {
            double y = py(t, yr);
            svg.append("<line x1=\"").append(x0 - 4).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#ddd\"/>\n");
            svg.append("<text x=\"").append(x0 - 6).append("\" y=\"").append(fmt(y + 4)).append("\" font-size=\"11\" text-anchor=\"end\">")
                    .append(label(t, yStep)).append("</text>\n");
        }
        svg.append("<text transform=\"translate(16,").append(TOP + (y0 - TOP) / 2).append(") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">")
                .append(Html.escape(yLabel)).append("</text>\n");
    }

    private void axes(StringBuilder svg, double[] xr, double[] yr) {
        axesFrame(svg, yr);
        int y0 = HEIGHT - BOTTOM;
        List<Double> xTicks = ticks(xr[0], xr[1]);
        double xStep = xTicks.size() > 1 ? xTicks.get(1) - xTicks.get(0) : 1;
        for (double t : xTicks) {
            double x = px(t, xr);
            svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(fmt(x)).append("\" y2=\"")
                    .append(y0 + 4).append("\" stroke=\"#eee\"/>\n");
            svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(y0 + 18).append("\" font-size=\"11\" text-anchor=\"middle\">")
                    .append(label(t, xStep)).append("</text>\n");
        }
        svg.append("<text x=\"").append(LEFT + (WIDTH - LEFT - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 16)
                .append("\" font-size=\"12\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>\n");
    }

    private void legend(StringBuilder svg, List<String> names) {
        int y = TOP + 12;
        for (int s = 0; s < names.size(); s++) {
            int x = LEFT + 14;
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(x + 20).append("\" y2=\"")
                    .append(y - 4).append("\" stroke=\"").append(PALETTE[s % PALETTE.length]).append("\" stroke-width=\"3\"")
                    .append(series.get(s).dashed() ? " stroke-dasharray=\"6,4\"" : "").append("/>\n");
            svg.append("<text x=\"").append(x + 26).append("\" y=\"").append(y).append("\" font-size=\"11\">").append(Html.escape(names.get(s)))
                    .append("</text>\n");
            y += 16;
        }
    }

    private double[] range(boolean x, double min, double max) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return range(new double[] {lo, hi}, min, max);
    }

    private static double[] range(double[] data, double min, double max) {
        double lo = Double.isNaN(min) ? data[0] : min;
        double hi = Double.isNaN(max) ? data[1] : max;
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            double pad = Math.max(1e-3, Math.abs(hi) * 0.05);
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                m = Math.max(m, x);
            }
        }
        return m == 0 ? 1 : m;
    }

    private static double px(double x, double[] r) {
        return LEFT + (x - r[0]) / (r[1] - r[0]) * (WIDTH - LEFT - RIGHT);
    }

    private static double py(double y, double[] r) {
        double clamped = Math.max(r[0], Math.min(r[1], y));
        return HEIGHT - BOTTOM - (clamped - r[0]) / (r[1] - r[0]) * (HEIGHT - TOP - BOTTOM);
    }

    /** About five round tick values covering [lo, hi]. */
    static List<Double> ticks(double lo, double hi) {
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (span / (step * m) <= 6) {
                step *= m;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    /** A tick label with as many decimals as the tick step needs, so neighbouring labels differ. */
    static String label(double t, double step) {
        if (t == Math.rint(t) && step >= 1 && Math.abs(t) < 1e7) {
            return Long.toString((long) t);
        }
        int decimals = (int) Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
        return String.format(Locale.ROOT, "%." + decimals + "f", t);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
