package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * An operator deploying as a person would from the deploy dialog: "Deploy another like this" from a server's page,
 * the pickers the cloud fills, the pre-flight check's reasons under the fields, several servers by a name pattern;
 * and registering a custom server at an address the console already manages.
 */
public final class DeployBrowserFlow {

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final ConsolePage page;

    public DeployBrowserFlow(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        this.page = new ConsolePage(driver, wait);
    }

    /**
     * On a server's page: "Deploy another like this", which opens the Servers page with the dialog open and filled
     * in; screenshots at 1440 and 390 px. Answers "name | zone | instance type | image | how many types offered".
     */
    public String openLike(String serverPage) throws Exception {
        try {
            browser.go(serverPage);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("server:deploy-like"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-form:like-note")));
            page.waitForAjax();
            ConsoleBrowserChecks checks = new ConsoleBrowserChecks(browser);
            checks.screen(ConsoleBrowserChecks.PHONE);
            browser.screenshot("phone-deploy-like");
            checks.screen(ConsoleBrowserChecks.DESKTOP);
            browser.screenshot("desktop-deploy-like");
            return value("deploy-form:name") + " | " + page.chosenLabel("deploy-form:zone") + " | " + page.chosenLabel("deploy-form:type") + " | "
                    + page.chosenLabel("deploy-form:image") + " | " + page.js("return document.getElementById('deploy-form:type_input').options.length;");
        } catch (RuntimeException e) {
            browser.screenshot("deploy-like-failure");
            throw new AssertionError("Deploy another like this failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    /** In the open dialog: the name or pattern, how many, the shared network; Check. Answers what the dialog says. */
    public String check(String name, int quantity) throws Exception {
        fill(name, quantity);
        page.click("deploy-form:check");
        browser.screenshot("deploy-preflight-" + quantity);
        return dialogText();
    }

    /** In the open dialog: Deploy. Answers the Servers page's message and then its list. */
    public String deploy(String name, int quantity) throws Exception {
        fill(name, quantity);
        page.click("deploy-form:deploy");
        String message = wait.until(d -> {
            String text = d.findElement(By.id("servers:messages")).getText();
            return text.contains("queued") ? text : null;
        });
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("deploy-dialog")));
        browser.screenshot("deploy-several");
        return message + " | " + driver.findElement(By.id("servers:list")).getText();
    }

    /** Registers a custom server at {@code address} with the key of a profile; answers the page's message. */
    public String registerCustomAt(String name, String address, String profileName) throws Exception {
        browser.go("custom-servers.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("register:name"))).sendKeys(name);
        driver.findElement(By.id("register:address")).sendKeys(address);
        WebElement user = driver.findElement(By.id("register:user"));
        user.clear();
        user.sendKeys("root");
        driver.findElement(By.id("register:region")).sendKeys("cn-hangzhou");
        // The profile's option by its label, chosen through the menu's widget as its own click handler does.
        page.js("var w = PrimeFaces.getWidgetById('register:key-profile');"
                + "var option = jQuery(document.getElementById('register:key-profile_input')).find('option')"
                + ".filter(function () { return this.text.indexOf('" + profileName.replace("'", "") + "') === 0; }).first();"
                + "w.selectValue(option.val());");
        page.click("register:save");
        String message = wait.until(d -> {
            String text = d.findElement(By.tagName("main")).getText();
            return text.contains(address + " is server") ? text : null;
        });
        browser.screenshot("custom-server-address-clash");
        return message;
    }

    /**
     * The dashboard's pictures once drawn: "fleet charts drawn | VPC gauges drawn | recent activity", the charts
     * counted by their canvases that Chart.js has sized (an empty or broken configuration draws none).
     */
    public String dashboard() throws Exception {
        browser.go("index.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("activity")));
        String drawn = wait.until(d -> {
            Object fleet = page.js("return jQuery('#fleet canvas').filter(function () { return this.width > 0 && this.height > 0; }).length;");
            Object gauges = page.js("return jQuery('#vpc-gauges canvas').filter(function () { return this.width > 0 && this.height > 0; }).length;");
            return ((Number) fleet).intValue() >= 2 && ((Number) gauges).intValue() >= 1 ? fleet + " | " + gauges : null;
        });
        browser.screenshot("dashboard-fleet");
        return drawn + " | " + driver.findElement(By.id("activity")).getText();
    }

    /** The address shown on a server's page. */
    public String publicIp(String serverPage) {
        browser.go(serverPage);
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//dt[text()='Public IP']/following-sibling::dd[1]"))).getText();
    }

    private void fill(String name, int quantity) {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("deploy-form:name")));
        field.clear();
        field.sendKeys(name);
        // A spinner puts back its value when emptied: set through its widget, as its buttons do.
        page.js("PrimeFaces.getWidgetById('deploy-form:quantity').setValue(" + quantity + ");");
        page.js("var w = PF('deployNetwork'); w.selectValue('SHARED_PER_PROFILE');");
    }

    private String dialogText() {
        return driver.findElement(By.id("deploy-form")).findElements(By.cssSelector(".field-reason, .ui-messages")).stream()
                .map(WebElement::getText).filter(t -> !t.isBlank()).collect(Collectors.joining(" | "));
    }

    private String value(String id) {
        return driver.findElement(By.id(id)).getAttribute("value");
    }

    /** The chosen option's text of a PrimeFaces select menu, from the select it keeps hidden. */
}
