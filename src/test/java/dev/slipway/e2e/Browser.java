package dev.slipway.e2e;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** Headless Debian Chromium driven by Playwright, set up for a closed network (no browser download, no updates). */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final boolean bypassCsp;

    Browser() {
        this(false);
    }

    /** {@code bypassCsp}: let the test inject scripts (axe) that the dashboard's Content-Security-Policy forbids. */
    Browser(boolean bypassCsp) {
        this.bypassCsp = bypassCsp;
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    /** A fresh browser profile (own cookies) signed in with {@code token}; confirmation dialogs are accepted. */
    Page signedIn(String baseUrl, String token) {
        Page page = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(baseUrl).setViewportSize(1100, 900).setBypassCSP(bypassCsp)).newPage();
        page.onDialog(dialog -> dialog.accept());
        page.navigate("/ui/signin");
        page.getByLabel("API token").fill(token);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/ui");
        return page;
    }

    Page anonymous(String baseUrl) {
        return chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setBaseURL(baseUrl)
                .setBypassCSP(bypassCsp)).newPage();
    }

    /** A fresh browser profile with the caller's options (e.g. JavaScript off). */
    com.microsoft.playwright.BrowserContext context(com.microsoft.playwright.Browser.NewContextOptions options) {
        return chromium.newContext(options.setBypassCSP(bypassCsp));
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
