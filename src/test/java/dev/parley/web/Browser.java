package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the UI tests: Debian's {@code chromium} driven through its
 * {@code chromedriver}, both found on the machine (Selenium never downloads a driver), with a
 * download folder, screenshots under {@code target/screenshots} and explicit waits.
 */
final class Browser implements AutoCloseable {

    /** Long enough for a page and a small offline run on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final WebDriver driver;
    final Path downloads;
    private final URL root;

    Browser(URL root) {
        this.root = root;
        String chromium = executable("PARLEY_TEST_CHROMIUM", CHROMIUM);
        String chromedriver = executable("PARLEY_TEST_CHROMEDRIVER", CHROMEDRIVER);
        try {
            downloads = Files.createTempDirectory("parley-ui-downloads-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(chromedriver).toFile()).build();
        driver = new ChromeDriver(service, options);
    }

    /**
     * The executable named by the environment variable, or the first of the usual places that exists;
     * fails the test (never skips it) when there is none, saying how to install it.
     */
    private static String executable(String variable, List<String> places) {
        Stream<String> candidates = Stream.concat(Optional.ofNullable(System.getenv(variable)).stream(), places.stream());
        return candidates.filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseGet(() -> fail(
                "The browser tests need Debian's chromium and chromium-driver packages (apt-get install -y chromium"
                        + " chromium-driver; .ci/run installs them), or %s set to the executable; none of %s exists",
                variable, places));
    }

    /** Opens a page of the UI, e.g. {@code #/new}. */
    void open(String hash) {
        driver.get(root.toString().replaceAll("/$", "") + "/" + hash);
    }

    /** Waits until the condition holds (returns non-null, non-false) and returns its value. */
    <T> T await(Function<WebDriver, T> condition) {
        return await(() -> "the condition", condition);
    }

    /** Waits until the condition holds; a timeout names what was awaited. */
    <T> T await(Supplier<String> awaited, Function<WebDriver, T> condition) {
        // The pages redraw parts of themselves, so an element found a moment ago may be gone: look again.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> awaited.get() + " on " + hash()).until(condition);
    }

    /** Waits until the element is present and visible, and returns it. */
    WebElement visible(String css) {
        return await(() -> css + " to be visible",
                d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits until the element's text equals the expected text, and returns it. */
    WebElement textIs(String css, String expected) {
        return await(() -> css + " to read '" + expected + "', but it reads "
                + all(css).stream().map(e -> "'" + e.getText() + "'").toList(),
                d -> d.findElements(By.cssSelector(css)).stream()
                        .filter(e -> expected.equals(e.getText().strip())).findFirst().orElse(null));
    }

    /** Waits until the element's text starts with the expected text, and returns it. */
    WebElement textStartsWith(String css, String expected) {
        return await(() -> css + " to start with '" + expected + "', but it reads "
                + all(css).stream().map(e -> "'" + e.getText() + "'").toList(),
                d -> d.findElements(By.cssSelector(css)).stream()
                        .filter(e -> e.getText().strip().startsWith(expected)).findFirst().orElse(null));
    }

    /** Clicks the element once it is visible. */
    void click(String css) {
        visible(css).click();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The page's address after the '#'. */
    String hash() {
        String url = driver.getCurrentUrl();
        return url.contains("#") ? url.substring(url.indexOf('#')) : "";
    }

    /** Saves a screenshot of the window under target/screenshots. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a screenshot of the whole page, however long, under target/screenshots. */
    Path screenshotPage(String name) {
        Number height = (Number) ((ChromeDriver) driver).executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
        var window = driver.manage().window();
        var size = window.getSize();
        window.setSize(new Dimension(size.getWidth(), Math.max(size.getHeight(), height.intValue())));
        try {
            return screenshot(name);
        } finally {
            window.setSize(size);
        }
    }

    /** Asserts that no dialog (alert, confirm, prompt) is open. */
    void assertNoAlert() {
        try {
            String text = driver.switchTo().alert().getText();
            fail("an alert is open: " + text);
        } catch (NoAlertPresentException expected) {
            // as it should be
        }
    }

    /**
     * Asserts that the page logged no error to its console (exceptions, failed requests) other than
     * those matching the expected patterns, such as a validation request answered 400.
     */
    void assertNoConsoleErrors(String... expected) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(m -> Stream.of(expected).noneMatch(p -> java.util.regex.Pattern.compile(p).matcher(m).find()))
                .toList();
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    /** Waits for a finished download ending in the suffix and returns it. */
    Path download(String suffix) {
        return await(() -> "a download ending in " + suffix, d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
