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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a person notices when a page works against them: a live refresh closing the dialog they opened, a form
 * forgetting what they typed, a dialog whose button is out of reach, a page that does not fit a phone. Each check
 * throws an AssertionError naming what it saw.
 */
public final class ConsoleBrowserChecks {

    /** The phone the issue was found on, and an ordinary laptop. */
    public static final int[] PHONE = {390, 844};
    public static final int[] DESKTOP = {1440, 900};

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final ConsolePage page;

    public ConsoleBrowserChecks(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        this.page = new ConsolePage(driver, wait);
    }

    /** Emulates a screen of this size (and a phone's viewport handling below 800 px), as the device toolbar does. */
    public void screen(int[] size) {
        ((ChromiumDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.<String, Object>of("width", size[0],
                "height", size[1], "deviceScaleFactor", 1, "mobile", size[0] < 800));
    }

    /**
     * On a job page whose job runs: opens the Cancel confirmation, waits through several live refreshes and expects
     * the very same dialog still open; then answers No, which leaves the job running.
     */
    public void cancelConfirmationSurvivesTheLiveRefresh() throws Exception {
        page.click(By.id("job:cancel"));
        By dialog = By.cssSelector(".ui-confirm-dialog");
        wait.until(ExpectedConditions.visibilityOfElementLocated(dialog));
        page.js("document.querySelector('.ui-confirm-dialog').setAttribute('data-opened', 'yes');"
                + "document.getElementById('job:cancel').setAttribute('data-opened', 'yes');");
        // The job page refreshes every 2 s: three rounds would have replaced the form and hidden the dialog.
        Thread.sleep(6000);
        browser.screenshot("job-cancel-confirmation");
        Object still = page.js("var d = document.querySelector('.ui-confirm-dialog[data-opened]');"
                + "return !!d && jQuery(d).is(':visible') && !!document.querySelector('[id=\"job:cancel\"][data-opened]');");
        if (!Boolean.TRUE.equals(still)) {
            throw new AssertionError("The live refresh closed or replaced the open Cancel confirmation");
        }
        page.click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-no"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(dialog));
        // With the dialog closed the refresh resumes: the marked button is replaced by a fresh one.
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(page.js(
                "return !document.querySelector('[id=\"job:cancel\"][data-opened]');")));
    }

    /**
     * The provider form with every field typed in the order a person would, name first: after each ajax update and
     * after a reload of the page, the fields still hold what was typed, and the secret is never in the page.
     */
    public void providerFormKeepsWhatWasTyped(String profileName, String endpoint, String accessKeyId, String secret)
            throws Exception {
        browser.go("providers.xhtml");
        page.click(By.cssSelector("[id$='add-first'], [id$=':add']"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile:name")));
        driver.findElement(By.id("profile:name")).sendKeys(profileName);
        typeAndLeave("profile:endpoint", endpoint);
        expectValue("profile:name", profileName, "after the endpoint's update");
        typeAndLeave("profile:access-key-id", accessKeyId);
        expectValue("profile:name", profileName, "after the AccessKey ID's update");
        expectValue("profile:endpoint", endpoint, "after the AccessKey ID's update");
        typeAndLeave("profile:secret", secret);
        wait.until(d -> d.findElements(By.cssSelector("#profile\\:region_input option")).size() > 1);
        expectValue("profile:name", profileName, "after the regions came");
        page.js("var w = PF('regionMenu'); w.selectValue('cn-hangzhou'); w.triggerChange();");
        page.waitForAjax();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("profile:new-key-pair")));
        expectValue("profile:name", profileName, "after a region was chosen");
        expectValue("profile:access-key-id", accessKeyId, "after a region was chosen");
        expectSecretKeptButNotShown(secret, "after a region was chosen");
        browser.screenshot("provider-form-typed");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile:name")));
        expectValue("profile:name", profileName, "after a reload");
        expectValue("profile:endpoint", endpoint, "after a reload");
        expectValue("profile:access-key-id", accessKeyId, "after a reload");
        Object region = page.js("return PF('regionMenu').getSelectedValue();");
        if (!"cn-hangzhou".equals(region)) {
            throw new AssertionError("The reload lost the region: " + region);
        }
        expectSecretKeptButNotShown(secret, "after a reload");
        browser.screenshot("provider-form-reloaded");
        // Cancel drops the draft: the next new profile starts empty.
        page.click(By.id("profile:cancel"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("providers")));
        browser.go("provider.xhtml");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile:name")));
        expectValue("profile:name", "", "after Cancel and a new start");
    }

    private void expectSecretKeptButNotShown(String secret, String when) {
        String source = driver.getPageSource();
        if (source.contains(secret)) {
            throw new AssertionError("The secret is in the page " + when);
        }
        expectValue("profile:secret", "", when);
        String state = driver.findElement(By.id("profile:secret-state")).getText();
        if (!state.contains("Secret entered")) {
            throw new AssertionError("The page does not show that a secret is set " + when + ": " + state);
        }
    }

    /**
     * Copies the profile in the providers list to another region, creating the key pair there in the dialog, on a
     * phone-sized screen where the grown dialog must keep its button in reach. Then opens the copy and answers its
     * instance type and image, the defaults a deploy from it needs.
     */
    public String copyToRegionCreatingItsKeyPair(String profileName, String copyName, String regionId, String keyPairName)
            throws Exception {
        screen(PHONE);
        try {
            browser.go("providers.xhtml");
            WebElement row = wait.until(d -> d.findElements(By.cssSelector("[id='providers:list'] tr")).stream()
                    .filter(tr -> tr.getText().contains(profileName)).findFirst().orElse(null));
            row.findElement(By.cssSelector("[id$=':copy']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("copy-form:copy-name")));
            page.waitForAjax();
            WebElement name = driver.findElement(By.id("copy-form:copy-name"));
            name.clear();
            name.sendKeys(copyName);
            page.js("var w = PF('copyRegionMenu'); w.selectValue(arguments[0]); w.triggerChange();", regionId);
            page.waitForAjax();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("copy-form:copy-new-key-pair"))).sendKeys(keyPairName);
            page.click(By.id("copy-form:copy-create-key-pair"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("copy-form:copy-key-status"), "created in " + regionId));
            // A long paste must not push the button away either (replaced below by the created key again).
            driver.findElement(By.id("copy-form:copy-key")).sendKeys("x\n".repeat(60));
            expectInReach("copy-form:copy-save");
            driver.findElement(By.id("copy-form:copy-key")).clear();
            if (driver.getPageSource().contains("-----END")) {
                throw new AssertionError("The created private key was sent back into the page");
            }
            browser.screenshot("copy-dialog-phone");
            page.click(By.id("copy-form:copy-save"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("copy-form:copy-dialog")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("providers:list"), copyName));
        } finally {
            screen(DESKTOP);
        }
        driver.findElement(By.linkText(copyName)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile:instance-type")));
        String defaults = driver.findElement(By.id("profile:instance-type")).getDomProperty("value") + " | "
                + driver.findElement(By.id("profile:image")).getDomProperty("value") + " | "
                + driver.findElement(By.id("profile:key-status")).getText();
        page.click(By.id("profile:cancel"));
        return defaults;
    }

    /** The element is inside the window and nothing lies over its middle: a person can press it. */
    private void expectInReach(String id) {
        Object reach = page.js("var e = document.getElementById(arguments[0]); var r = e.getBoundingClientRect();"
                + "var x = r.left + r.width / 2, y = r.top + r.height / 2;"
                + "var top = document.elementFromPoint(x, y);"
                + "return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth"
                + " && !!top && (top === e || e.contains(top)) ? 'ok' : JSON.stringify([r.top, r.bottom, window.innerHeight]);", id);
        if (!"ok".equals(reach)) {
            throw new AssertionError(id + " is out of reach (top, bottom, window height): " + reach);
        }
    }

    /**
     * Visits each page on a phone and on a laptop screen, keeping a screenshot of each: no page scrolls sideways,
     * every link, button and field lies within the width, no table cell is squeezed to a sliver, and the navigation
     * folds behind the Menu button on the phone. Answers the problems found, empty when there are none.
     */
    public List<String> pagesFitPhoneAndDesktop(Map<String, String> pages) throws Exception {
        List<String> problems = new ArrayList<>();
        try {
            for (int[] size : List.of(PHONE, DESKTOP)) {
                screen(size);
                String label = size == PHONE ? "phone" : "desktop";
                for (Map.Entry<String, String> visited : pages.entrySet()) {
                    browser.go(visited.getValue());
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1.page-title")));
                    page.waitForAjax();
                    browser.screenshot(label + "-" + visited.getKey());
                    @SuppressWarnings("unchecked")
                    List<String> found = (List<String>) page.js(LAYOUT_PROBLEMS, size == PHONE);
                    found.forEach(p -> problems.add(label + " " + visited.getKey() + ": " + p));
                }
            }
            screen(PHONE);
            browser.go(pages.values().iterator().next());
            if (driver.findElement(By.id("main-nav")).isDisplayed()) {
                problems.add("phone: the navigation is open before the Menu button is pressed");
            }
            page.click(By.id("nav-toggle"));
            WebElement servers = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-servers")));
            browser.screenshot("phone-menu-open");
            servers.click();
            wait.until(ExpectedConditions.textToBe(By.cssSelector("h1.page-title"), "Servers"));
        } finally {
            screen(DESKTOP);
        }
        return problems;
    }

    private static final String LAYOUT_PROBLEMS = """
            var phone = arguments[0], w = document.documentElement.clientWidth, out = [];
            if (document.documentElement.scrollWidth > w + 1) {
              out.push('scrolls sideways (' + document.documentElement.scrollWidth + ' px wide in ' + w + ')');
            }
            var main = document.querySelector('main').getBoundingClientRect();
            if (phone && main.width < w * 0.9) { out.push('the content has ' + Math.round(main.width) + ' of ' + w + ' px'); }
            document.querySelectorAll('header a, header button, main a, main button, main input, main select, main textarea')
              .forEach(function (e) {
                var r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0 || e.closest('.ui-helper-hidden-accessible, .ui-dialog')) { return; }
                if (r.left < -1 || r.right > w + 1) {
                  out.push((e.id || e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30)) + ' lies outside the width ('
                    + Math.round(r.left) + '..' + Math.round(r.right) + ')');
                }
              });
            if (phone) {
              document.querySelectorAll('main td').forEach(function (td) {
                var r = td.getBoundingClientRect();
                if (r.width > 0 && td.textContent.trim().length > 3 && r.width < 120) {
                  out.push('a table cell is ' + Math.round(r.width) + ' px wide: ' + td.textContent.trim().slice(0, 30));
                }
              });
            }
            return out.slice(0, 8);
            """;

    private void typeAndLeave(String id, String text) {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
        field.clear();
        field.sendKeys(text, Keys.TAB);
        page.waitForAjax();
    }

    private void expectValue(String id, String expected, String when) {
        String value = wait.until(d -> d.findElement(By.id(id)).getDomProperty("value"));
        if (!expected.equals(value)) {
            throw new AssertionError(id + " holds '" + value + "' " + when + ", not what was typed: '" + expected + "'");
        }
    }
}
