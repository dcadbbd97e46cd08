package com.ecsprovisioner.it.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Headless Chromium from Debian's packages, driven by Selenium. Locally a missing browser skips the browser tests
 * with a message; in CI (CI=true) it fails them, since .ci/run installs the browser.
 */
public final class BrowserSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final URI base;

    private BrowserSession(WebDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    public static void requireBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium and chromedriver are required in CI (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "Browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing "
                + "(apt-get install chromium chromium-driver to run it)");
    }

    public static BrowserSession open(URI base) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new BrowserSession(new ChromeDriver(service, options), base);
    }

    public void login(String username, String password) {
        driver.get(base.resolve("login.xhtml").toString());
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("current-user")));
    }

    public void go(String path) {
        driver.get(base.resolve(path).toString());
    }

    public String pageTitle() {
        return driver.findElement(By.cssSelector("h1.page-title")).getText();
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Replaces the text of the input with this id (the element is looked up afresh: an ajax update replaces it). */
    public void type(String id, String text) {
        var input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    public void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    /**
     * Waits up to 20 s until the element with this id shows {@code fragment}, looking it up afresh each time (an ajax
     * update replaces it mid-read); answers its text then. Test classes deployed into the container use this rather
     * than Selenium's types, which the test archive does not hold.
     */
    public String waitForText(String id, String fragment) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    String text = d.findElement(By.id(id)).getText();
                    return text.contains(fragment) ? text : null;
                });
    }

    public WebDriver driver() {
        return driver;
    }

    /** Keeps a picture of what the user saw in target/screenshots, for people reviewing a run. */
    public void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of(System.getProperty("build.directory", "target"), "screenshots");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
