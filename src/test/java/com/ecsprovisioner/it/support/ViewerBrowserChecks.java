package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a person sees of issue 18's "no raw words, local times" in the browser: a connection test's first line, the
 * profile the deploy dialog chooses, the pre-flight check's reason under a field, and times and date filters in a
 * time zone the browser is told to be in (Chrome DevTools' Emulation.setTimezoneOverride, as a traveller's laptop).
 */
public final class ViewerBrowserChecks {

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final ConsolePage page;

    public ViewerBrowserChecks(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        this.page = new ConsolePage(driver, wait);
    }

    /** From now on the pages run in that zone (script dates, Intl, the tz cookie the console sets from them). */
    public void viewIn(String zone) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
    }

    /** A zone whose date at {@code at} is not the UTC date (one of UTC+14 and UTC−11 always is). */
    public static String zoneWithAnotherDateAt(Instant at) {
        LocalDate utc = at.atZone(ZoneOffset.UTC).toLocalDate();
        return at.atZone(ZoneId.of("Pacific/Kiritimati")).toLocalDate().equals(utc) ? "Pacific/Pago_Pago" : "Pacific/Kiritimati";
    }

    /**
     * The connection test of the profile with that name, from its row of the Providers page: "class | text" of the
     * dialog's first line, then " || " and the whole report.
     */
    public String connectionTestOf(String profileName) throws Exception {
        browser.go("providers.xhtml");
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("[id$='providers:list'] tr, [id='providers:list'] tr")).stream()
                .filter(r -> r.getText().contains(profileName)).findFirst().orElse(null));
        row.findElement(By.cssSelector("[id$=':test']")).click();
        page.waitForAjax();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
        browser.screenshot("provider-connection-test-missing-permissions");
        // The first line of the report, whatever it is called (a page without the headline's id still has one).
        List<WebElement> named = driver.findElements(By.id("report-headline"));
        WebElement headline = named.isEmpty() ? driver.findElement(By.cssSelector("[id='report'] > p")) : named.get(0);
        return headline.getAttribute("class") + " | " + headline.getText() + " || " + driver.findElement(By.id("report")).getText();
    }

    /** The deploy dialog as it opens on the Servers page: "chosen profile | every profile offered". */
    public String deployDialogProfiles() throws Exception {
        browser.go("servers.xhtml");
        page.click("servers:open-deploy");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-form:name")));
        page.waitForAjax();
        String chosen = page.chosenLabel("deploy-form:profile");
        Object all = page.js("return Array.prototype.map.call(document.getElementById('deploy-form:profile_input').options, function (o) { return o.text; }).join(' ; ');");
        return chosen + " | " + all;
    }

    /**
     * In the open deploy dialog: the profile, then the instance type (while the zone policy chooses), then the zone,
     * and Check. Answers the reasons shown under the fields.
     */
    public String preflightIn(String profileName, String type, String zone, String serverName) throws Exception {
        page.choose("deployProfile", "deploy-form:profile", profileName);
        page.js("var w = PF('deployType'); w.selectValue('" + type + "'); w.triggerChange && w.triggerChange();");
        page.waitForAjax();
        page.js("var w = PF('deployZone'); w.selectValue('" + zone + "'); w.triggerChange();");
        page.waitForAjax();
        WebElement name = wait.until(ExpectedConditions.elementToBeClickable(By.id("deploy-form:name")));
        name.clear();
        name.sendKeys(serverName);
        page.click("deploy-form:check");
        browser.screenshot("deploy-preflight-no-stock");
        return driver.findElement(By.id("deploy-form")).findElements(By.cssSelector(".field-reason, .ui-messages")).stream()
                .map(WebElement::getText).filter(t -> !t.isBlank()).collect(Collectors.joining(" | "));
    }

    /**
     * The Audit page's newest row: its moment as sent (the time element's datetime) and as shown, "instant | text";
     * "no time element | row" when the page shows none.
     */
    public String newestAuditTime() {
        browser.go("audit.xhtml");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit:list")));
        List<WebElement> times = driver.findElements(By.cssSelector("[id='audit:list'] tbody tr time[datetime]"));
        if (times.isEmpty()) {
            return "no time element | " + driver.findElement(By.cssSelector("[id='audit:list'] tbody tr")).getText();
        }
        WebElement first = times.get(0);
        wait.until(d -> "yes".equals(first.getAttribute("data-local")));
        return first.getAttribute("datetime") + " | " + first.getText();
    }

    /** When the newest audit record was made (now, when the page does not say it in a time element). */
    public Instant newestAuditAt() {
        String newest = newestAuditTime();
        return newest.startsWith("no time element") ? Instant.now() : Instant.parse(newest.split(" \\| ")[0]);
    }

    /** True when {@link #newestAuditTime()}'s text holds its instant's local hour, minute and day in that zone. */
    public static boolean showsLocally(String newestAuditTime, String zone) {
        if (newestAuditTime.startsWith("no time element")) {
            return false;
        }
        String[] parts = newestAuditTime.split(" \\| ", 2);
        var local = Instant.parse(parts[0]).atZone(ZoneId.of(zone));
        return parts[1].contains(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).format(local))
                && parts[1].contains(Integer.toString(local.getDayOfMonth())) && !parts[1].contains("UTC");
    }

    /** The ids of the jobs the Jobs page lists once its Requested filter holds {@code text}. */
    public List<String> jobsRequestedOn(String text) {
        browser.go("jobs.xhtml");
        WebElement filter = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//th[.//span[normalize-space(text())='Requested']]//input")));
        filter.clear();
        filter.sendKeys(text);
        // The table filters after its delay (keyup), by an ajax request: let both pass.
        sleepForFilterDelay();
        page.waitForAjax();
        return driver.findElements(By.cssSelector("[id='jobs:list'] tbody tr a")).stream().map(WebElement::getText)
                .filter(t -> t.startsWith("#")).toList();
    }

    /** The sent moment of the job with that id on the Jobs page (its time element's datetime). */
    public Instant requestedAt(String jobId) {
        browser.go("jobs.xhtml");
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("[id='jobs:list'] tbody tr")).stream()
                .filter(r -> r.getText().startsWith(jobId + " ") || r.getText().startsWith(jobId + "\n")).findFirst().orElse(null));
        return Instant.parse(row.findElement(By.cssSelector("time[datetime]")).getAttribute("datetime"));
    }

    private void sleepForFilterDelay() {
        try {
            Thread.sleep(1200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
