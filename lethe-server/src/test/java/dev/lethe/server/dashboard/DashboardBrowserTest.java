package dev.lethe.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.RequestReceipt;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver},
 * named explicitly so Selenium Manager never downloads anything), one browser session for the
 * whole class: an officer signs in, sees a submitted request appear, reveals a subject ID (found
 * in the ledger), watches a request complete and opens its receipt; a forged form is refused; an
 * engineer cannot reveal. Each page is saved as a screenshot under {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Path dir;

    private DashboardFixture fx;
    private WebDriver browser;

    @BeforeAll
    void start(@TempDir Path home) throws IOException {
        dir = home;
        fx = new DashboardFixture(dir);
        // the driver's path as a property and in the service: Selenium Manager is then never run
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    @Order(1)
    void anOfficerSignsInAndSeesASubmittedRequestAppear() throws IOException {
        open("/ui/overview");
        assertThat(browser.getCurrentUrl()).endsWith("/ui/sign-in");
        screenshot("sign-in");
        signIn(DashboardFixture.OFFICER);
        assertThat(browser.getCurrentUrl()).endsWith("/ui/requests");
        assertThat(browser.findElements(By.linkText("dsr-0001"))).isEmpty();

        fx.workflow.submit("dsr-0001", new ForgetRequest.Subject("patient-11"));
        fx.workflow.submit("dsr-0002", new ForgetRequest.Subject("patient-12"));
        browser.navigate().refresh();
        assertThat(browser.findElement(By.linkText("dsr-0001")).isDisplayed()).isTrue();
        assertThat(body()).contains("2 submitted").contains("0 done").doesNotContain("patient-11");
        screenshot("requests");
    }

    @Test
    @Order(2)
    void theOfficerRevealsASubjectIdAndTheLedgerRecordsIt() throws IOException {
        open("/ui/requests/dsr-0002");
        navigating(() -> browser.findElement(By.id("reveal")).click());
        assertThat(browser.findElement(By.id("subject-id")).getText()).isEqualTo("patient-12");
        assertThat(browser.getCurrentUrl()).doesNotContain("patient-12");
        screenshot("reveal");
        List<LedgerEntry> entries = Ledger.open(dir).entries();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(Ledger.revealedRequest(e)).isEqualTo("dsr-0002");
            assertThat(e.details()).containsEntry("revealedBy", "o1");
            assertThat(browser.findElement(By.id("reveal-entry")).getText()).isEqualTo(Long.toString(e.seq()));
        });
    }

    @Test
    @Order(3)
    void aWorkerCompletesTheRequestAndItsReceiptAndLedgerProofShow() throws IOException {
        assertThat(fx.worker.drain()).isEqualTo(2);
        open("/ui/requests/dsr-0001");
        RequestReceipt receipt = fx.workflow.receipt("dsr-0001").orElseThrow();
        LedgerEntry proof = Ledger.open(dir).find("dsr-0001").orElseThrow();
        String page = body();
        assertThat(page).contains("Forgotten by model diabetes-nb").contains("Receipted").contains("Receipt delivered").contains("Recorded in the ledger")
                .contains(receipt.models().get(0).receipt().guarantee().toString()).contains(proof.hash())
                .doesNotContain("patient-11");
        assertThat(browser.findElements(By.id("reveal"))).as("an erased subject cannot be revealed").isEmpty();
        assertThat(browser.findElement(By.id("proof-status")).getText()).startsWith("✔ the ledger verifies (3 entries)");
        // the entry's batch is signed once: the page shows that signature, whichever entry of the batch carries it
        String seal = Ledger.open(dir).proofAt(proof.seq()).signature();
        assertThat(seal).isNotBlank();
        assertThat(browser.findElement(By.id("seal")).getText()).contains(seal);
        screenshot("request");

        open("/ui/requests?state=done");
        assertThat(browser.findElement(By.linkText("dsr-0001")).isDisplayed()).isTrue();
        open("/ui/overview");
        assertThat(body()).contains("0 submitted").contains("2 done");
        assertThat(browser.findElement(By.id("median")).getText()).isNotEqualTo("–");
        screenshot("overview");
        assertThat(browser.findElements(By.cssSelector("figure.chart svg rect[fill='#0072B2']")))
                .as("one bar per day, today's of nonzero height").hasSize(OverviewPage.CHART_DAYS)
                .anySatisfy(bar -> assertThat(Double.parseDouble(bar.getDomAttribute("height"))).isPositive());
        open("/ui/models");
        assertThat(body()).contains("diabetes-nb").contains("held-out accuracy").contains("2 records for 2 requests");
        screenshot("models");
        open("/ui/ledger");
        assertThat(browser.findElement(By.id("verification")).getText()).startsWith("✔ Verified: 3 entries");
        assertThat(body()).contains("subject revealed");
        screenshot("ledger");
    }

    @Test
    @Order(4)
    void aFormWithAForgedTokenIsRefused() throws IOException {
        fx.workflow.submit("dsr-0003", new ForgetRequest.Subject("patient-13"));
        open("/ui/requests/dsr-0003");
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector('form.reveal input[name=_csrf]').value = 'forged';");
        navigating(() -> browser.findElement(By.id("reveal")).click());
        assertThat(body()).contains("Forbidden").contains("security token").doesNotContain("patient-13");
        screenshot("csrf-refused");
        assertThat(Ledger.open(dir).entries().stream().filter(Ledger::isReveal)).hasSize(1);
    }

    @Test
    @Order(5)
    void anEngineerSeesNoSubjectAndCannotReveal() throws IOException {
        navigating(() -> browser.findElement(By.cssSelector("form.who button")).click());
        assertThat(browser.getCurrentUrl()).endsWith("/ui/sign-in");
        signIn(DashboardFixture.ENGINEER);
        open("/ui/requests/dsr-0003");
        assertThat(browser.findElements(By.id("reveal"))).isEmpty();
        assertThat(body()).contains("(pseudonymised)").doesNotContain("hmac-sha256");
        // a hand-made reveal form with the engineer's own valid token
        navigating(() -> ((JavascriptExecutor) browser).executeScript(
                "const f = document.createElement('form'); f.method = 'post'; f.action = '/ui/requests/dsr-0003/reveal';"
                        + "const t = document.querySelector('input[name=_csrf]').cloneNode(); f.appendChild(t);"
                        + "document.body.appendChild(f); f.submit();"));
        assertThat(body()).contains("Forbidden").contains("engineer role may not").doesNotContain("patient-13");
        screenshot("engineer-refused");
        assertThat(Ledger.open(dir).entries().stream().filter(Ledger::isReveal)).hasSize(1);
    }

    private void open(String path) {
        browser.get(fx.url(path));
    }

    private void signIn(String key) {
        open("/ui/sign-in");
        WebElement input = browser.findElement(By.id("key"));
        input.sendKeys(key);
        navigating(input::submit);
    }

    /**
     * Runs {@code action} and waits until the browser has left the current page for the next. Chromium's driver
     * may answer a staleness check made while the old document is being torn down with "node does not belong
     * to the document" instead of a stale-element error: the wait asks again, and the next answer is "stale".
     */
    private void navigating(Runnable action) {
        WebElement page = browser.findElement(By.tagName("html"));
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    private String body() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
