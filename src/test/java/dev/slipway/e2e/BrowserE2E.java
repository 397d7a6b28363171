package dev.slipway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One server and one headless Chromium per test class. Subclasses add their own set-up in lifecycle methods with
 * other names (JUnit runs these first and closes the browser last).
 */
abstract class BrowserE2E extends OneServerE2E {
    static Browser browser;

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
