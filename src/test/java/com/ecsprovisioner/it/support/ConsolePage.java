package com.ecsprovisioner.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser flow and check does on a console page, once: run a script, wait until PrimeFaces' ajax and
 * jQuery's animations are done, click an element as soon as it can be clicked, and choose a menu's item by the label
 * a person reads. Each flow keeps its own wait (how long, and whether a replaced element means another look).
 */
final class ConsolePage {

    private final WebDriver driver;
    private final WebDriverWait wait;

    ConsolePage(WebDriver driver, WebDriverWait wait) {
        this.driver = driver;
        this.wait = wait;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void waitForAjax() {
        wait.until(d -> Boolean.TRUE.equals(js(
                "return document.readyState === 'complete' && (!window.PrimeFaces || PrimeFaces.ajax.Queue.isEmpty())"
                        + " && (!window.jQuery || jQuery(':animated').length === 0);")));
    }

    /** Found and clicked in one look, so that a poll re-rendering the element in between only means another look. */
    void click(By by) {
        wait.until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
        waitForAjax();
    }

    void click(String id) {
        click(By.id(id));
    }

    /** The label of a menu's chosen item, as the person sees it ({@code menuId}: the p:selectOneMenu's id). */
    String chosenLabel(String menuId) {
        return String.valueOf(js("var s = document.getElementById(arguments[0]);"
                + " return s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text;", menuId + "_input"));
    }

    /**
     * Chooses the first item whose label starts with {@code label} through the menu's widget, as its own click handler
     * does, lets its ajax run, and waits until the menu shows it (an update the choice started may re-render it).
     */
    void choose(String widgetVar, String menuId, String label) {
        // The label is the script's argument, held in a variable: inside the filter's function, arguments are the filter's.
        js("var wanted = arguments[2]; var o = jQuery(document.getElementById(arguments[1])).find('option')"
                + ".filter(function () { return this.text.indexOf(wanted) === 0; }).first();"
                + " var w = PF(arguments[0]); w.selectValue(o.val()); w.triggerChange();",
                widgetVar, menuId + "_input", label);
        waitForAjax();
        wait.until(d -> chosenLabel(menuId).startsWith(label));
    }
}
