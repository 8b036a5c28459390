package dev.weft.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * ({@value #CHROMIUM}, {@value #CHROMEDRIVER}), driven by Selenium without its manager (nothing is downloaded).
 * When they are missing the calling test is skipped, unless {@code WEFT_TEST_BROWSER_REQUIRED=true} (CI, which
 * installs them), where it fails.
 */
public final class TestBrowser {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private TestBrowser() {
    }

    /** A fresh browser with a profile of its own, its window a laptop's screen; the caller quits it. */
    public static ChromeDriver start(Path profile) {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!present && "true".equals(System.getenv("WEFT_TEST_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("WEFT_TEST_BROWSER_REQUIRED is set but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, () -> "skipped: no " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install -y chromium chromium-driver)");
        // Selenium Manager would download a driver: point Selenium at Debian's instead.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        try {
            Files.createDirectories(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1440,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
