package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a person reads on a succeeded deployment's job page, the jobs list and the server's page: progress and time
 * with the estimate, the timeline chart, the log pane in their own time zone and its filter, the next steps, the
 * quiet roll back, words instead of enum names, and confirmations that Escape closes. The browser is put in
 * Kathmandu's time zone (UTC+05:45), which no machine running the tests is likely to share. Each check answers
 * the problems it saw, empty when there are none.
 */
public final class JobPageChecks {

    static final String ZONE = "Asia/Kathmandu";
    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneId.of("UTC"));

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final ConsolePage page;
    private final List<String> problems = new ArrayList<>();

    public JobPageChecks(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        this.page = new ConsolePage(driver, wait);
    }

    /** The page of a deployment that succeeded and made {@code serverName}. */
    public List<String> succeededDeployment(String jobPage, String serverName) throws Exception {
        ((ChromiumDriver) driver).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ZONE));
        ConsoleBrowserChecks screens = new ConsoleBrowserChecks(browser);
        screens.screen(ConsoleBrowserChecks.DESKTOP);
        browser.go(jobPage);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-state")));
        page.waitForAjax();
        String main = text(By.tagName("main"));
        expect(main.contains("100%"), "the progress of a succeeded job is not 100%");
        String time = text(By.id("job-time"));
        expect(time.matches("Took .*\\(a deployment usually takes .*, from \\d+ succeeded runs?\\)"), "time line: " + time);
        int bars = driver.findElements(By.cssSelector("[id='job:timeline'] .vis-item")).size();
        expect(bars >= 5, "the timeline chart shows " + bars + " steps");
        for (String word : List.of("PER_SERVER", "SHARED_PER_PROFILE", "succeeded succeeded", "Attempts", "Exception")) {
            expect(!main.contains(word), "the page says " + word);
        }
        expect(main.contains("Calls"), "the steps do not say what their counter counts");

        // The log: a pane that scrolls inside the page, its times in the viewer's zone.
        Object pane = page.js("var p = document.getElementById('log-pane'); return [p.clientHeight, p.scrollHeight];");
        List<?> sizes = (List<?>) pane;
        long shown = ((Number) sizes.get(0)).longValue();
        long whole = ((Number) sizes.get(1)).longValue();
        expect(shown <= 480 && whole > shown, "the log pane is " + shown + " px high for " + whole + " px of lines");
        WebElement first = driver.findElement(By.cssSelector("#log-pane time[data-local]"));
        String utc = first.getAttribute("title");
        String local = ZonedDateTime.parse(utc, UTC_TEXT).withZoneSameInstant(ZoneId.of(ZONE)).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        String read = first.getAttribute("textContent");
        expect(read.equals(local), "a log time reads " + read + " for " + utc + " in " + ZONE + " (" + local + ")");

        String all = text(By.id("log-count"));
        WebElement filter = driver.findElement(By.id("job:log-filter"));
        filter.sendKeys("Installed");
        wait.until(d -> !text(By.id("log-count")).equals(all));
        page.waitForAjax();
        List<String> lines = driver.findElements(By.cssSelector("#log-pane .log-line")).stream().map(e -> e.getAttribute("textContent")).toList();
        expect(!lines.isEmpty() && lines.stream().allMatch(l -> l.toLowerCase().contains("installed")), "the filtered log shows " + lines);
        page.js("document.getElementById('job:timeline').scrollIntoView();");
        browser.screenshot("job-timeline-and-filtered-log");
        page.js("window.scrollTo(0, 0);");
        browser.screenshot("job-succeeded-desktop");

        // Next steps: the site, the login to copy, the versions; roll back is there, but not the main button.
        String ip = driver.findElement(By.id("job:site-address")).getText().replaceAll("^http://([^/]+)/$", "$1");
        expect(ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), "the site address is " + ip);
        String ssh = text(By.id("ssh-command"));
        expect(ssh.matches("ssh( -i \\S+\\.pem)?( -p \\d+)? \\S+@" + ip.replace(".", "\\.")), "the ssh command is " + ssh);
        expect(!text(By.id("installed-versions")).isBlank(), "no installed versions");
        expect(driver.findElements(By.id("job:rollback")).isEmpty(), "Roll back is among the main buttons");
        expect(driver.findElement(By.id("job:rollback-succeeded")).getAttribute("class").contains("ui-button-flat"),
                "the succeeded job's Roll back is not a quiet button");
        driver.findElement(By.id("copy-ssh")).click();
        expect("yes".equals(driver.findElement(By.id("copy-ssh")).getAttribute("data-copied")), "Copy did not copy");
        // Escape answers a confirmation No.
        driver.findElement(By.id("job:rollback-succeeded")).click();
        By dialog = By.cssSelector(".ui-confirm-dialog");
        wait.until(ExpectedConditions.visibilityOfElementLocated(dialog));
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(dialog));
        expect(text(By.id("job-state")).equals("succeeded"), "Escape did something else than close the dialog");
        screens.screen(ConsoleBrowserChecks.PHONE);
        try {
            browser.go(jobPage);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-state")));
            page.waitForAjax();
            browser.screenshot("job-succeeded-phone");
        } finally {
            screens.screen(ConsoleBrowserChecks.DESKTOP);
        }
        expect(driver.findElements(By.cssSelector("a.skip-link[href='#main']")).size() == 1, "no skip link");
        return problems;
    }

    /** The jobs list: the server linked, a duration, a state filter that the live refresh keeps. */
    public List<String> jobsList(String serverName) throws Exception {
        browser.go("jobs.xhtml");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("jobs:list"), serverName));
        expect(!driver.findElements(By.cssSelector("[id='jobs:list'] a[href*='server.xhtml']")).isEmpty(), "no server is linked");
        WebElement row = driver.findElements(By.cssSelector("[id='jobs:list'] tbody tr")).stream()
                .filter(r -> r.getText().contains(serverName) && r.getText().contains("Deployment")).findFirst().orElseThrow();
        expect(row.getText().matches("(?s).*\\d+ (s|min \\d\\d s).*"), "the deployment's row shows no duration: " + row.getText());
        page.js("PF('stateFilter').selectValue('succeeded'); PF('jobsTable').filter();");
        page.waitForAjax();
        page.js("document.getElementById('jobs:list').setAttribute('data-before-poll', 'yes');");
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("jobs:list")).getAttribute("data-before-poll") == null);
        page.waitForAjax();
        List<String> states = driver.findElements(By.cssSelector("[id='jobs:list'] tbody .status-badge")).stream().map(WebElement::getText).toList();
        expect(!states.isEmpty() && states.stream().allMatch("succeeded"::equals), "after a refresh the state filter shows " + states);
        browser.screenshot("jobs-filtered");
        return problems;
    }

    /** The server's page: its status once, its login and versions, and Stop asking first (Escape says no). */
    public List<String> serverPage(String serverPage) throws Exception {
        // Its key is pinned and has not changed: the Servers list offers no "Accept new host key" for it.
        browser.go("servers.xhtml");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("servers:list")));
        page.waitForAjax();
        expect(driver.findElements(By.cssSelector("[id='servers:list'] [id$=':accept-host-key']")).isEmpty(),
                "\"Accept new host key\" is offered for a server whose key did not change");
        browser.go(serverPage);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("server-status")));
        String status = text(By.id("server-status"));
        String reason = text(By.id("server-status-reason"));
        expect(!reason.equalsIgnoreCase(status), "the status is shown twice: " + status + " " + reason);
        expect(text(By.id("ssh-command")).startsWith("ssh "), "no ssh command");
        expect(!text(By.id("installed-versions")).contains("not known"), "no installed versions");
        List<String> types = driver.findElements(By.cssSelector("#resize-types option")).stream().map(o -> o.getAttribute("value")).toList();
        expect(!types.isEmpty() && !types.contains(driver.findElement(By.id("server-instance-type")).getText()),
                "the resize offers " + types);
        driver.findElement(By.id("server:stop")).click();
        By dialog = By.cssSelector(".ui-confirm-dialog");
        wait.until(ExpectedConditions.visibilityOfElementLocated(dialog));
        browser.screenshot("server-stop-confirmation");
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(dialog));
        expect(driver.getCurrentUrl().contains("server.xhtml") && text(By.id("server-status")).equals("active"),
                "Stop went ahead without a Yes");
        driver.findElement(By.id("server:delete")).click();
        By delete = By.id("delete-dialog");
        wait.until(ExpectedConditions.visibilityOfElementLocated(delete));
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(delete));
        return problems;
    }

    private void expect(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private String text(By by) {
        return driver.findElement(by).getText();
    }
}
