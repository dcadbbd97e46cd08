package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/**
 * An operator looking at prices as a person would: the deploy dialog's price as the instance type is chosen, a
 * server's cost and a resize's price on its page, and the monthly totals on the dashboard and the Providers page.
 */
public final class CostBrowserFlow {

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;

    public CostBrowserFlow(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * The deploy dialog's price when it opens, then after choosing each instance type in turn from the picker (each
     * given with a fragment its price must show, so that the answer for the type chosen before is not taken for it),
     * joined by " | ".
     */
    public String deployDialogPrices(String... typesAndFragments) throws Exception {
        try {
            browser.go("servers.xhtml");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("servers:open-deploy"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-form:type")));
            StringBuilder shown = new StringBuilder(wait.until(d -> nonBlank(d.findElement(By.id("deploy-form:price")).getText())));
            for (int i = 0; i + 1 < typesAndFragments.length; i += 2) {
                String fragment = typesAndFragments[i + 1];
                // Chosen through the menu's widget, as its own item click handler does (select, then the change).
                ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                        "var w = PF('deployType'); w.selectValue(arguments[0]); w.triggerChange();", typesAndFragments[i]);
                String price = wait.until(d -> {
                    String now = d.findElement(By.id("deploy-form:price")).getText();
                    return now.contains(fragment) ? now : null;
                });
                shown.append(" | ").append(price);
            }
            browser.screenshot("deploy-price");
            return shown.toString();
        } catch (RuntimeException e) {
            browser.screenshot("deploy-price-failure");
            throw new AssertionError("The deploy dialog's price failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    /** On the server's page (where the deploy flow ends): its cost running and stopped. */
    public String serverCost(String serverName) {
        browser.go("servers.xhtml");
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(serverName))).click();
        return wait.until(d -> nonBlank(d.findElement(By.id("server-cost")).getText()));
    }

    /** On the server's page: the resize's price before and after, shown as the new type is typed. */
    public String resizePrice(String newType) throws Exception {
        var field = wait.until(ExpectedConditions.elementToBeClickable(By.id("server:new-type")));
        field.clear();
        field.sendKeys(newType);
        String shown = wait.until(d -> {
            String text = d.findElement(By.id("server:resize-price")).getText();
            return text.contains(newType) ? text : null;
        });
        browser.screenshot("resize-price");
        // Leave nothing typed, so that a later action does not submit it.
        field.clear();
        return shown;
    }

    /** The dashboard's monthly total line for a profile, after checking the Providers page shows the same. */
    public String fleetTotals(String profileName) throws Exception {
        browser.go("index.xhtml");
        String line = wait.until(d -> d.findElements(By.cssSelector("#costs .fleet-row")).stream()
                .map(e -> e.getText()).filter(t -> t.startsWith(profileName + " ")).findFirst().orElse(null));
        browser.screenshot("dashboard-costs");
        browser.go("providers.xhtml");
        String row = wait.until(d -> d.findElements(By.cssSelector("[id='providers:list'] tr")).stream()
                .map(e -> e.getText()).filter(t -> t.startsWith(profileName)).findFirst().orElse(null));
        String total = line.substring(line.indexOf(": ") + 2);
        String sameTotal = total.replaceAll(", prices read .*", "");
        if (!row.contains(sameTotal)) {
            throw new AssertionError("The Providers page does not show the dashboard's total " + sameTotal + ": " + row);
        }
        return total;
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
