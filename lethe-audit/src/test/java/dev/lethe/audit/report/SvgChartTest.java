package dev.lethe.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertThat(SvgChart.ticks(0, 1)).containsExactly(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
        List<Double> narrow = SvgChart.ticks(0.6271, 0.6274);
        assertThat(narrow.size()).isBetween(3, 7);
        assertThat(narrow.get(0)).isGreaterThanOrEqualTo(0.6271);
        assertThat(narrow.get(narrow.size() - 1)).isLessThanOrEqualTo(0.6274 + 1e-12);
    }

    @Test
    void neighbouringTickLabelsDiffer() {
        List<Double> t = SvgChart.ticks(0.6271, 0.6274);
        double step = t.get(1) - t.get(0);
        for (int i = 1; i < t.size(); i++) {
            assertThat(SvgChart.label(t.get(i), step)).isNotEqualTo(SvgChart.label(t.get(i - 1), step));
        }
        assertThat(SvgChart.label(20, 5)).isEqualTo("20");
        assertThat(SvgChart.label(0.25, 0.05)).isEqualTo("0.25");
    }

    @Test
    void chartsAreStandaloneSvgWithASizeAndOnePathPerSeries() {
        String svg = new SvgChart("t", "x", "y").add(new SvgChart.Series("a", new double[] {0, 1, 2}, new double[] {1, 3, 2}, false))
                .add(new SvgChart.Series("b", new double[] {0, 2}, new double[] {0, 0}, true)).lines();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\"").endsWith("</svg>\n");
        assertThat(svg.split("<path ", -1)).hasSize(3);
        assertThat(svg).contains("stroke-dasharray");
        String bars = new SvgChart("t", "x", "y").bars(List.of("1", "2"), new double[] {3, 4});
        assertThat(bars.split("<rect ", -1)).hasSize(4); // background + 2 bars
        assertThat(bars).doesNotContain("interval");
        String whiskers = new SvgChart("t", "x", "y").yRange(0, 10).bars(List.of("1", "2"), new double[] {3, 4},
                new double[] {2, Double.NaN}, new double[] {5, Double.NaN});
        assertThat(whiskers.split("class=\"interval\"", -1)).as("one interval, none for NaN").hasSize(2);
        assertThat(whiskers).containsPattern("<path d=\"M[0-9.]+,[0-9.]+L[0-9.]+,[0-9.]+M");
        assertThatThrownBy(() -> new SvgChart.Series("bad", new double[2], new double[3], false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x values but 3 y values");
    }
}
