package dev.lethe.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lethe.audit.AuditResult;
import dev.lethe.audit.testing.Audits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static AuditResult result;

    @TempDir
    Path dir;

    @BeforeAll
    static void audit() {
        result = Audits.run(true, 20, Audits.fast());
    }

    @Test
    void theReportIsOneSelfContainedFileWithEverySection() throws IOException {
        Path file = dir.resolve("sub/report.html");
        ReportWriter.write(result, file);
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("id=\"summary\"", "ROC curves on the forgotten records", "Utility versus number of deletions",
                "Latency of forgets", "Most exposed records", "Forgetting quality per receipt", "Retrain oracle");
        assertThat(html).contains("INCONSISTENT").contains("is not the same as a model retrained");
        // nothing is fetched from elsewhere: the only URLs are SVG namespaces inside data URIs
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:|//|file:)");
        assertThat(count(html, "src=\"data:image/svg+xml;base64,")).isEqualTo(4);
        // no subject ID in clear
        assertThat(html).doesNotContain("\"s1\"").doesNotContain(">s1<").doesNotContain(dev.lethe.model.Digests.pseudonym("s1"));
        assertThat(html).contains("subject request (1 record)");
    }

    @Test
    void chartTextIsEscaped() {
        String svg = new SvgChart("a <b> & \"c\"", "x", "y").add(new SvgChart.Series("<s>", new double[] {0, 1}, new double[] {0, 1}, false)).lines();
        assertThat(svg).contains("a &lt;b&gt; &amp; &quot;c&quot;").contains("&lt;s&gt;").doesNotContain("<s>");
    }

    @Test
    void rendersInHeadlessChromiumWithEveryImageDecoded() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("the report rendering test needs Debian's chromium at " + CHROMIUM
                    + " (install it with: apt-get update && apt-get install -y chromium)");
        }
        Path file = dir.resolve("report.html");
        ReportWriter.write(result, file);
        String dom = chromium(List.of("--dump-dom", file.toUri().toString()), dir.resolve("profile1"));
        Matcher m = Pattern.compile("id=\"render-check\" data-images=\"(\\d+)\" data-loaded=\"(\\d+)\">([a-z-]+)<").matcher(dom);
        assertThat(m.find()).as("the page's load script ran; DOM was:\n%s", dom.length() > 2000 ? dom.substring(dom.length() - 2000) : dom).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(4);
        assertThat(m.group(2)).isEqualTo(m.group(1));
        assertThat(m.group(3)).isEqualTo("all-images-loaded");

        Path shot = dir.resolve("shot.png");
        chromium(List.of("--screenshot=" + shot, "--window-size=1000,2400", file.toUri().toString()), dir.resolve("profile2"));
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).as("screenshot").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(colouredPixels(image)).as("pixels in the charts' colours").isGreaterThan(500);
    }

    private static String chromium(List<String> args, Path profile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--virtual-time-budget=5000", "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit status").isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Pixels close to the first two palette colours (blue #0072B2, vermillion #D55E00). */
    private static int colouredPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (near(r, g, b, 0x00, 0x72, 0xB2) || near(r, g, b, 0xD5, 0x5E, 0x00)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(int r, int g, int b, int r0, int g0, int b0) {
        return Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) < 60;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
