package io.beep.python.deployment.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beep.python.testing.FreePort;
import io.beep.python.testing.TestHomes;
import io.beep.python.testing.TestPython;
import io.quarkus.test.QuarkusDevModeTest;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The "Beep Python" Dev UI card in a real headless Chromium against a dev-mode application: the
 * card, the live environments page (a lazy environment turns COMPLETE after "Re-bootstrap" without
 * a page reload, so the state is pushed), a snippet's output, and the runtimes table. Screenshots
 * go to target/devui/. Skipped, saying why, when the machine has no Chromium and chromedriver
 * (Debian: {@code apt-get install chromium chromium-driver}; .ci/run installs them).
 */
@EnabledIf("browserPresent")
class DevUICardBrowserTest {

    /** Found free at run time: two builds on one machine must not meet on a fixed port. */
    static final int PORT = FreePort.find();
    static final String BASE = "http://localhost:" + PORT + "/q/dev-ui";
    static final Path CHROMIUM = Path.of(System.getProperty("beep.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("beep.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "devui");

    /** Searches the document and every shadow root, depth first, for the first element matching a CSS selector. */
    private static final String DEEP_QUERY = """
            const deep = (root, selector) => {
              const hit = root.querySelector(selector);
              if (hit) return hit;
              for (const element of root.querySelectorAll('*')) {
                if (element.shadowRoot) {
                  const found = deep(element.shadowRoot, selector);
                  if (found) return found;
                }
              }
              return null;
            };
            """;

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addAsResource(new StringAsset(String.join("\n",
                    "quarkus.http.port=" + PORT,
                    "beep.python.home=" + TestHomes.create("devui-browser"),
                    "beep.python.interpreter=" + TestPython.executable(),
                    "beep.python.later.interpreter=" + TestPython.executable(),
                    "beep.python.later.startup=lazy",
                    "")), "application.properties"));

    static ChromeDriver driver;

    static boolean browserPresent() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.out.println("DevUICardBrowserTest skipped: no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + " (install Debian's chromium and chromium-driver packages)");
        }
        return present;
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void theCardShowsLiveEnvironmentsRunsASnippetAndListsRuntimes() throws IOException {
        driver.get(BASE + "/extensions");
        WebElement card = until(Duration.ofSeconds(60), "the Beep Python card", () -> (WebElement) js(DEEP_QUERY + """
                const all = [];
                const walk = root => { for (const e of root.querySelectorAll('*')) { all.push(e); if (e.shadowRoot) walk(e.shadowRoot); } };
                walk(document);
                return all.find(e => e.tagName === 'QWC-EXTENSION' && (e.getAttribute('name') || e.textContent).includes('Beep Python')) || null;
                """));
        save(card.getScreenshotAs(OutputType.FILE), "beep-python-card.png");
        assertThat(text(card)).contains("Environments").contains("Runtimes").contains("Profiles");

        driver.get(BASE + "/quarkus-beep-python/environments");
        until(Duration.ofMinutes(3), "environment default COMPLETE", () -> "COMPLETE".equals(textOf("#stage-default")) ? true : null);
        assertThat(textOf("#stage-later")).as("the lazy environment has not started").isEqualTo("INITIALIZING");
        String page = componentText();
        assertThat(page).contains("default").contains("venvs/default").contains(TestPython.VERSION).contains("pip==");
        // Issue 35: the interpreter's path offered with a copy button, for the IDE.
        Object copyPath = js(DEEP_QUERY + "const b = deep(document, '#copy-interpreter-default'); return b ? b.dataset.path : null;");
        assertThat((String) copyPath).as("the copy button's path").isNotNull().contains("venvs/default").contains("/bin/python");

        js(DEEP_QUERY + "deep(document, '#rebootstrap-later').click();");
        until(Duration.ofMinutes(3), "environment later COMPLETE, pushed without a reload",
                () -> "COMPLETE".equals(textOf("#stage-later")) ? true : null);

        js(DEEP_QUERY + "deep(document, '#snippet-code').value = \"print('snippet says hi')\";");
        js(DEEP_QUERY + "deep(document, '#run-snippet').click();");
        until(Duration.ofMinutes(1), "the snippet's output",
                () -> textOf("#snippet-stdout") != null && textOf("#snippet-stdout").contains("snippet says hi") ? true : null);
        assertThat(textOf("#snippet-exit-code")).isEqualTo("0");
        save(page(), "beep-python-environments.png");

        driver.get(BASE + "/quarkus-beep-python/runtimes");
        until(Duration.ofMinutes(1), "a runtime row", () -> componentText("qwc-beep-python-runtimes").contains(TestPython.VERSION) ? true : null);
        assertThat(componentText("qwc-beep-python-runtimes")).contains("READY");
        save(page(), "beep-python-runtimes.png");
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static String textOf(String selector) {
        Object text = js(DEEP_QUERY + "const e = deep(document, '" + selector + "'); return e ? e.textContent.trim() : null;");
        return (String) text;
    }

    private static String componentText() {
        return componentText("qwc-beep-python-environments");
    }

    /** The text of a component's shadow tree, including the light DOM of grids in it. */
    private static String componentText(String tag) {
        Object text = js(DEEP_QUERY + "const c = deep(document, '" + tag + "'); if (!c || !c.shadowRoot) return '';"
                + " return [...c.shadowRoot.children].filter(e => e.tagName !== 'STYLE').map(e => e.textContent).join('\\n');");
        return text == null ? "" : (String) text;
    }

    /** The markup of an element with its light and shadow trees, all the way down (the card's page links are slotted components). */
    private static String text(WebElement element) {
        return (String) ((JavascriptExecutor) driver).executeScript("""
                const parts = [];
                const walk = root => {
                  for (const e of root.querySelectorAll('*')) {
                    parts.push(e.textContent);
                    for (const name of e.getAttributeNames()) parts.push(e.getAttribute(name));
                    if (e.shadowRoot) walk(e.shadowRoot);
                  }
                };
                if (arguments[0].shadowRoot) walk(arguments[0].shadowRoot);
                walk(arguments[0]);
                return parts.join(' ');
                """, element);
    }

    private static <T> T until(Duration timeout, String what, java.util.function.Supplier<T> probe) {
        return await(what).atMost(timeout).pollInterval(Duration.ofMillis(500)).until(probe::get, java.util.Objects::nonNull);
    }

    /** A page screenshot without the Dev UI's own notifications (offline here, its extension registry lookup fails). */
    private static File page() {
        js(DEEP_QUERY + "document.querySelectorAll('vaadin-notification-card, vaadin-notification-container').forEach(e => e.remove());");
        return ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    }

    private static void save(File screenshot, String name) throws IOException {
        Path target = SCREENSHOTS.resolve(name);
        Files.copy(screenshot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Dev UI screenshot: " + target.toAbsolutePath());
    }
}
