package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;

/**
 * An operator adding a provider profile against the sandbox cloud, as a person would: keys in, region chosen,
 * key pair created, saved, connection tested. Also runnable against a running console for a look:
 * {@code java ... ProviderBrowserFlow http://localhost:8080/ admin password}.
 */
public final class ProviderBrowserFlow {

    private final BrowserSession browser;
    private final WebDriver driver;
    private final WebDriverWait wait;
    private final ConsolePage page;

    public ProviderBrowserFlow(BrowserSession browser) {
        this.browser = browser;
        this.driver = browser.driver();
        this.wait = patient(Duration.ofSeconds(30));
        this.page = new ConsolePage(driver, wait);
    }

    /**
     * A wait that looks again when the element it read was replaced meanwhile: the job and server pages poll every
     * few seconds and re-render the very elements the flow watches, so a read can land between find and getText.
     */
    private WebDriverWait patient(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    /** The text of an element that a poll may re-render at any moment. */
    private String textOf(By by) {
        return wait.until(d -> d.findElement(by).getText());
    }

    /** Returns the text of the connection-test dialog. */
    public String addSandboxProfileAndTestIt(String profileName, String keyPairName) throws Exception {
        try {
            return addAndTest(profileName, keyPairName);
        } catch (RuntimeException e) {
            browser.screenshot("provider-flow-failure");
            throw new AssertionError("The provider flow failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    private String addAndTest(String profileName, String keyPairName) throws Exception {
        this.profileName = profileName;
        browser.go("providers.xhtml");
        page.click(By.cssSelector("a[id$='add-first'], a[id$='add'], button[id$='add-first'], button[id$='add']"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile:name")));
        driver.findElement(By.id("profile:name")).clear();
        driver.findElement(By.id("profile:name")).sendKeys(profileName);
        page.click(By.id("profile:use-sandbox"));
        wait.until(d -> d.findElements(By.cssSelector("#profile\\:region_input option")).size() > 1);
        browser.screenshot("provider-regions");
        select("regionMenu", "cn-hangzhou");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("profile:new-key-pair")));
        driver.findElement(By.id("profile:new-key-pair")).sendKeys(keyPairName);
        page.click(By.id("profile:create-key-pair"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile:key-status"), "belongs to " + keyPairName));
        browser.screenshot("provider-key-created");
        page.click(By.id("profile:save"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("providers:list")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("providers:list"), profileName));
        // The new profile's own row: other tests' profiles share the product, and may sort before it.
        page.click(By.xpath("//*[@id='providers:list']//tr[.//td[contains(normalize-space(.), '" + profileName + "')]]"
                + "//*[substring(@id, string-length(@id) - 4) = ':test']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
        browser.screenshot("provider-connection-test");
        return driver.findElement(By.id("report")).getText();
    }

    /**
     * Adds a profile for a cloud given by endpoint and AccessKey, typed in as a person would (not the "Use the
     * sandbox cloud" shortcut, which only knows the embedded sandbox), with a new key pair and the SSH port its
     * instances answer on.
     */
    public void addProfileFor(String profileName, String endpoint, String accessKeyId, String secret, String regionId,
                              String keyPairName, int sshPort) throws Exception {
        try {
            browser.go("providers.xhtml");
            page.click(By.cssSelector("a[id$='add-first'], a[id$='add'], button[id$='add-first'], button[id$='add']"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile:name")));
            type(By.id("profile:endpoint"), endpoint);
            type(By.id("profile:access-key-id"), accessKeyId);
            type(By.id("profile:secret"), secret);
            wait.until(d -> d.findElements(By.cssSelector("#profile\\:region_input option")).size() > 1);
            select("regionMenu", regionId);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("profile:new-key-pair")));
            driver.findElement(By.id("profile:new-key-pair")).sendKeys(keyPairName);
            page.click(By.id("profile:create-key-pair"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile:key-status"), "belongs to " + keyPairName));
            // Last, because the account fields' ajax re-renders the form without submitting the name.
            type(By.id("profile:name"), profileName);
            // The SSH port is a PrimeFaces inputNumber: set it through its widget so that its hidden value follows.
            ((JavascriptExecutor) driver).executeScript("PrimeFaces.getWidgetById('profile:ssh-port').setValue(arguments[0]);",
                    String.valueOf(sshPort));
            page.click(By.id("profile:save"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("providers:list")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("providers:list"), profileName));
        } catch (RuntimeException e) {
            browser.screenshot("provider-endpoint-flow-failure");
            throw new AssertionError("Adding the profile failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    /** The profile this flow added last: its deploys use it, whichever profile the dialog would choose. */
    private String profileName;

    /**
     * Chooses the flow's own profile in the open deploy dialog, as a person picks it from the menu: other tests'
     * profiles share the product, and the dialog's own choice (the first by name whose test did not fail) may be
     * one of theirs.
     */
    private void chooseOwnProfile() {
        if (profileName == null) {
            return;
        }
        if (!page.chosenLabel("deploy-form:profile").startsWith(profileName)) {
            page.choose("deployProfile", "deploy-form:profile", profileName);
        }
    }

    /** Deploys a server with the flow's profile (or the dialog's choice) and returns once its job page shows. */
    public void deploy(String serverName) throws Exception {
        try {
            browser.go("servers.xhtml");
            page.click(By.id("servers:open-deploy"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-form:name")));
            chooseOwnProfile();
            driver.findElement(By.id("deploy-form:name")).sendKeys(serverName);
            page.click(By.id("deploy-form:deploy"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-state")));
        } catch (RuntimeException e) {
            browser.screenshot("deploy-failure");
            throw new AssertionError("The deploy failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    /** Types into a field and leaves it, so that its ajax "change" runs, and waits for that ajax to finish. */
    private void type(By by, String text) {
        var field = wait.until(ExpectedConditions.elementToBeClickable(by));
        field.clear();
        field.sendKeys(text, org.openqa.selenium.Keys.TAB);
        page.waitForAjax();
    }

    /** What the flow does on the job page while the job runs, before watching it end. */
    public interface WhileRunning {
        void onJobPage() throws Exception;
    }

    private String jobPage;
    private String serverPage;

    /** The address of the last job page the flow watched, and of the server page it ended on. */
    public String jobPage() {
        return jobPage;
    }

    public String serverPage() {
        return serverPage;
    }

    /** Deploys a server with the flow's profile's defaults and watches its job page until the job ends. */
    public String deployAndWatch(String serverName) throws Exception {
        return deployAndWatch(serverName, () -> { });
    }

    public String deployAndWatch(String serverName, WhileRunning whileRunning) throws Exception {
        try {
            browser.go("servers.xhtml");
            page.click(By.id("servers:open-deploy"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-form:name")));
            chooseOwnProfile();
            driver.findElement(By.id("deploy-form:name")).sendKeys(serverName);
            page.click(By.id("deploy-form:deploy"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-state")));
            browser.screenshot("job-running");
            jobPage = driver.getCurrentUrl();
            whileRunning.onJobPage();
            patient(Duration.ofMinutes(3)).until(d -> {
                String state = d.findElement(By.id("job-state")).getText();
                return !state.equals("queued") && !state.equals("running") && !state.equals("rolling back");
            });
            browser.screenshot("job-finished");
            String state = textOf(By.id("job-state"));
            browser.go("servers.xhtml");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("servers:list"), serverName));
            // The lazy list filters in the database: not among the deleted servers, listed again among the active.
            select("statusFilter", "deleted");
            wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("servers:list"), serverName)));
            select("statusFilter", "active");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("servers:list"), serverName));
            // The 5-second refresh re-renders the table (a marker on the old element goes away with it) and keeps
            // the filter it had.
            ((JavascriptExecutor) driver).executeScript("document.getElementById('servers:list').setAttribute('data-before-poll', 'yes');");
            patient(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("servers:list")).getAttribute("data-before-poll") == null);
            page.waitForAjax();
            Object filter = ((JavascriptExecutor) driver).executeScript("return PF('statusFilter').getSelectedValue();");
            if (!"active".equals(filter) || !textOf(By.id("servers:list")).contains(serverName)) {
                throw new IllegalStateException("the refresh lost the status filter (" + filter + ") or the server");
            }
            browser.screenshot("servers");
            String list = textOf(By.id("servers:list"));
            browser.go("index.xhtml");
            String servers = textOf(By.id("server-count"));
            if (servers.isBlank() || servers.equals("0")) {
                throw new IllegalStateException("the dashboard counts " + servers + " servers");
            }
            browser.go("servers.xhtml");
            page.click(By.linkText(serverName));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("server-status")));
            browser.screenshot("server");
            serverPage = driver.getCurrentUrl();
            return state + " | " + list + " | " + textOf(By.id("server-status"));
        } catch (RuntimeException e) {
            browser.screenshot("deploy-flow-failure");
            throw new AssertionError("The deploy flow failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    /**
     * On the server's page: reboots it (softly, over SSH) and watches the job, hard-reboots it and watches that job,
     * checks that the Actions history names who asked, then deletes it with its network and watches that job.
     * Returns the jobs' end states, whether the soft reboot's log says the OS rebooted, and the server's status.
     */
    public String rebootThenDelete(String serverName) throws Exception {
        try {
            page.click(By.id("server:reboot"));
            page.click(By.cssSelector(".ui-confirmdialog-yes"));
            String reboot = waitForJobEnd("reboot");
            boolean soft = textOf(By.tagName("main")).contains("The OS rebooted");
            page.click(By.id("job:server-link"));
            wait.until(ExpectedConditions.textToBe(By.id("server-status"), "active"));
            page.click(By.id("server:hard-reboot"));
            page.click(By.cssSelector(".ui-confirmdialog-yes"));
            String hardReboot = waitForJobEnd("hard-reboot");
            page.click(By.id("job:server-link"));
            wait.until(ExpectedConditions.textToBe(By.id("server-status"), "active"));
            String actions = textOf(By.id("server:jobs"));
            if (!actions.contains("Hard reboot") || !actions.contains("admin")) {
                throw new IllegalStateException("the Actions history does not show the hard reboot by admin: " + actions);
            }
            page.click(By.id("server:delete"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-form:confirm-delete")));
            browser.screenshot("delete-dialog");
            // Without the server's name typed, nothing is deleted and the dialog says why.
            page.click(By.id("delete-form:confirm-delete"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("delete-form"), "Type the server's name"));
            driver.findElement(By.id("delete-form:confirm-name")).sendKeys(serverName);
            page.click(By.id("delete-form:confirm-delete"));
            String delete = waitForJobEnd("delete");
            page.click(By.id("job:server-link"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("server-status")));
            return reboot + (soft ? " (soft)" : " (not soft)") + " | " + hardReboot + " | " + delete + " | "
                    + textOf(By.id("server-status"));
        } catch (RuntimeException e) {
            browser.screenshot("lifecycle-flow-failure");
            throw new AssertionError("The lifecycle flow failed; the page said: " + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    private String waitForJobEnd(String name) throws Exception {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-state")));
        patient(Duration.ofMinutes(3)).until(d -> {
            String state = d.findElement(By.id("job-state")).getText();
            return !state.equals("queued") && !state.equals("running") && !state.equals("rolling back");
        });
        browser.screenshot("job-" + name);
        return textOf(By.id("job-state"));
    }

    /**
     * Chooses an option of a PrimeFaces select menu through its widget, as its own item click handler does
     * (select, then fire the change that the page's ajax listens to). Clicking the overlay's items is unreliable:
     * after an ajax update an old copy of the overlay can still be in the page and receive the click.
     */
    private void select(String widgetVar, String value) {
        ((JavascriptExecutor) driver).executeScript("var w = PF(arguments[0]); w.selectValue(arguments[1]); w.triggerChange();",
                widgetVar, value);
        page.waitForAjax();
    }

    public static void main(String[] args) throws Exception {
        try (BrowserSession browser = BrowserSession.open(URI.create(args[0]))) {
            browser.login(args[1], args[2]);
            ProviderBrowserFlow flow = new ProviderBrowserFlow(browser);
            System.out.println(flow.addSandboxProfileAndTestIt("Sandbox Hangzhou", "demo-key"));
            System.out.println(flow.deployAndWatch("first-blog"));
            System.out.println(flow.rebootThenDelete("first-blog"));
        }
    }
}
