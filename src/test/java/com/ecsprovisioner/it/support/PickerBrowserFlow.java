package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The deploy dialog's region and PHP pickers and the delete confirmation's diagram, as an operator uses them: a
 * region other than the profile's (its zones, the key pair's presence there, importing it), a PHP version, the
 * deployment watched to its end, the server's page, and the delete dialog's boxes ticked and unticked.
 */
public final class PickerBrowserFlow {

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final ConsolePage page;
    private final List<String> seen = new ArrayList<>();

    public PickerBrowserFlow(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        this.page = new ConsolePage(driver, wait);
    }

    /** What the dialog showed on the way, one entry per look. */
    public List<String> seen() {
        return seen;
    }

    /** Opens the deploy dialog and chooses the profile by its name, as a person picks it from the menu. */
    public void openWithProfile(String profileName) throws Exception {
        browser.go("servers.xhtml");
        page.click("servers:open-deploy");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-form:name")));
        // Other tests' profiles share the product: the dialog's own choice (the first that passed its test) is not ours.
        page.choose("deployProfile", "deploy-form:profile", profileName);
        seen.add("profile region " + selected("deploy-form:region") + " zones " + options("deploy-form:zone"));
    }

    /** Chooses another region; notes its zones and what the dialog says of the key pair there. */
    public void chooseRegion(String regionId) throws Exception {
        page.js("var w = PF('deployRegion'); w.selectValue('" + regionId + "'); w.triggerChange();");
        page.waitForAjax();
        wait.until(d -> selected("deploy-form:region").equals(regionId));
        seen.add("region " + selected("deploy-form:region") + " zones " + options("deploy-form:zone") + " key pair: "
                + text("deploy-form:key-pair-note"));
    }

    /** Check: the pre-flight check's reasons, as shown under the fields. */
    public void check(String name) throws Exception {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("deploy-form:name")));
        field.clear();
        field.sendKeys(name);
        page.click("deploy-form:check");
        seen.add("check: " + driver.findElement(By.id("deploy-form")).findElements(By.cssSelector(".field-reason, .ui-messages"))
                .stream().map(WebElement::getText).filter(t -> !t.isBlank()).collect(Collectors.joining(" | ")));
    }

    public void importKeyPair() throws Exception {
        page.click("deploy-form:import-key-pair");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deploy-form:key-pair-note"), "with the profile's key"));
        seen.add("imported: " + text("deploy-form:key-pair-note"));
    }

    /** Notes the PHP versions offered, chooses one. */
    public void choosePhp(String version) throws Exception {
        seen.add("php offered " + options("deploy-form:php") + " chosen at first " + selected("deploy-form:php"));
        page.js("PF('deployPhp').selectValue('" + version + "');");
    }

    /**
     * Deploy, then the job to its end, then the server's page. Answers "job state | region / zone | PHP version |
     * installed".
     */
    public String deployAndOpenServer(String name) throws Exception {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("deploy-form:name")));
        field.clear();
        field.sendKeys(name);
        browser.screenshot("deploy-region-php");
        page.click("deploy-form:deploy");
        String state = jobEnd("deploy-other-region");
        page.click("job:server-link");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("server-status")));
        browser.screenshot("server-other-region");
        return state + " | " + driver.findElement(By.xpath("//dt[text()='Region / zone']/following-sibling::dd[1]")).getText()
                + " | " + text("php-choice") + " | " + text("installed-versions");
    }

    /**
     * On the server's page: opens Delete, unticks each ticked box in turn, noting the diagram after each change,
     * and ticks them all again (noted once); then deletes the server with its network. Answers the diagrams, " || " apart,
     * then the deletion job's state.
     */
    public String deleteFollowingTheBoxes(String name) throws Exception {
        page.click("server:delete");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-form:confirm-delete")));
        List<String> diagrams = new ArrayList<>();
        diagrams.add(diagram());
        int boxes = driver.findElements(By.cssSelector("#delete-form\\:network .ui-chkbox-box")).size();
        for (int i = 0; i < boxes; i++) {
            box(i).click();
            page.waitForAjax();
            diagrams.add(diagram());
        }
        for (int i = 0; i < boxes; i++) {
            box(i).click();
            page.waitForAjax();
        }
        diagrams.add(diagram());
        browser.screenshot("delete-diagram");
        driver.findElement(By.id("delete-form:confirm-name")).sendKeys(name);
        page.click("delete-form:confirm-delete");
        return String.join(" || ", diagrams) + " | " + jobEnd("delete-other-region");
    }

    private WebElement box(int i) {
        return driver.findElements(By.cssSelector("#delete-form\\:network .ui-chkbox-box")).get(i);
    }

    private String diagram() {
        return driver.findElements(By.cssSelector("#delete-form\\:delete-chain li")).stream()
                // The words as written: the page's style shows the fate in capitals.
                .map(li -> li.findElement(By.tagName("strong")).getText() + " "
                        + li.findElement(By.className("chain-fate")).getAttribute("textContent").strip())
                .collect(Collectors.joining(", "));
    }

    private String jobEnd(String screenshot) throws Exception {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-state")));
        new WebDriverWait(driver, Duration.ofMinutes(3)).ignoring(StaleElementReferenceException.class).until(d -> {
            String state = d.findElement(By.id("job-state")).getText();
            return !state.equals("queued") && !state.equals("running") && !state.equals("rolling back");
        });
        browser.screenshot(screenshot);
        return text("job-state");
    }

    private String options(String menuId) {
        return String.valueOf(page.js("return Array.prototype.map.call(document.getElementById('" + menuId + "_input').options,"
                + " function (o) { return o.text; }).join(', ');"));
    }

    private String selected(String menuId) {
        return String.valueOf(page.js("var s = document.getElementById('" + menuId + "_input'); return s.value;"));
    }

    private String text(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }
}
