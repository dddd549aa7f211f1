package dev.controlplane.tests.up;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page of up's console in Debian's headless chromium, driven by Selenium through chromedriver, with a profile of its
 * own that is deleted on close. Missing browser or driver fails the test (./controlplane test installs both).
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<Path> BROWSERS = List.of(Path.of("/usr/lib/chromium/chromium"), Path.of("/usr/bin/chromium"));

    final WebDriver page;
    final WebDriverWait wait;
    private final Path profile;

    HeadlessChromium() throws IOException {
        Path browser = BROWSERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (browser == null || !Files.isExecutable(DRIVER)) {
            fail("this test drives the console in chromium: install chromium and chromium-driver (apt-get install -y"
                    + " chromium chromium-driver; ./controlplane test does it), expected " + DRIVER + " and one of " + BROWSERS);
        }
        profile = Files.createTempDirectory("up-console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(browser.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--user-data-dir=" + profile);
        page = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        wait = new WebDriverWait(page, Duration.ofSeconds(20));
    }

    /** Opens {@code route} (a hash route such as {@code #/faults}) of the console at {@code console}. */
    void open(URI console, String route) {
        page.get(console.resolve("/").toString() + route);
    }

    @Override
    public void close() {
        page.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
