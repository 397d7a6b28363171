package dev.slipway.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard as people without a mouse, a wide screen or JavaScript meet it: axe-core finds no serious or
 * critical violation on any page, no page is wider than a phone, a keyboard alone signs in, approves and rolls back,
 * and without JavaScript every button asks on a page of its own before it acts. The tests share one app and run in
 * order: the keyboard approves the promotion the set-up requested; without JavaScript, a second one is requested.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardAccessibilityE2ETest extends BrowserE2E {
    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String rita;
    static String axe;

    @BeforeAll
    static void deployTwoVersionsAndAskForProduction() throws Exception {
        // axe goes in as an inline script, which the dashboard's CSP rightly refuses; the audit is of the markup
        browser.close();
        browser = new Browser(true);
        try (InputStream in = DashboardAccessibilityE2ETest.class.getResourceAsStream(AXE)) {
            assertThat(in).as("axe-core webjar on the test classpath").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        createApp("hello");
        assertThat(cli.run("user", "create", "rita").exit()).isZero();
        assertThat(cli.run("grant", "rita", "releaser", "--app", "hello").exit()).isZero();
        rita = cli.run("token", "create", "--user", "rita").out().lines().findFirst().orElseThrow().trim();
        GitClient git = exampleRepo(tmp.resolve("hello"));
        awaitRun("hello", pushedRun(git.push(server.pushUrl("hello"), "HEAD:refs/heads/main").ok()));
        awaitServing("hello", "staging", "version 1.0.0");
        git.write("VERSION", "1.0.1\n");
        git.commitAll("1.0.1");
        awaitRun("hello", pushedRun(git.push(server.pushUrl("hello"), "HEAD:refs/heads/main").ok()));
        awaitServing("hello", "staging", "version 1.0.1");
        CliRunner.Result promote = cli.run("promote", "hello", "--to", "production", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        awaitRun("hello", pushedRun(git.push(server.pushUrl("hello"), "HEAD:refs/heads/demo/try").ok()));
        awaitServing("hello", "dev-demo-try", "version 1.0.1"); // a dev-* group on the overview and the app page
    }

    @Test
    @Order(1)
    void everyPagePassesAxeAndFitsAPhone() throws Exception {
        Map<String, Consumer<Page>> pages = new LinkedHashMap<>();
        pages.put("signin", p -> p.navigate("/ui/signin"));
        pages.put("overview", p -> p.navigate("/ui"));
        pages.put("overview-dev-open", p -> {
            p.navigate("/ui");
            p.locator("#dev-hello summary").click();
            assertThat(p.locator("#dev-hello [data-env=dev-demo-try]")).isVisible();
        });
        pages.put("app", p -> {
            p.navigate("/ui/apps/hello");
            assertThat(p.locator(".pending")).isVisible();
        });
        pages.put("run", p -> p.navigate("/ui/apps/hello/runs/1"));
        pages.put("environment", p -> p.navigate("/ui/apps/hello/environments/staging"));
        pages.put("audit", p -> p.navigate("/ui/audit?app=hello"));
        pages.put("confirmation", p -> {
            // the form as a browser without JavaScript sends it (no htmx, so no confirmed=yes)
            p.navigate("/ui/apps/hello/environments/staging");
            p.locator("form[action$='/rollback']").first().evaluate("form => form.submit()");
            assertThat(p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm"))).isVisible();
        });
        pages.put("error", p -> {
            p.navigate("/ui/apps/nosuchapp");
            assertThat(p.locator("h1")).containsText("Refused");
        });

        Page page = phone(browser.signedIn(server.url(), rita));
        Page anonymous = phone(browser.anonymous(server.url()));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Consumer<Page>> entry : pages.entrySet()) {
            Page p = entry.getKey().equals("signin") ? anonymous : page;
            entry.getValue().accept(p);
            p.waitForLoadState();
            for (JsonNode v : axeViolations(p)) {
                problems.add(entry.getKey() + ": " + v.get("id").asText() + " (" + v.get("impact").asText() + ") "
                        + v.get("targets") + " — " + v.get("help").asText());
            }
            Number pageWidth = (Number) p.evaluate("() => document.documentElement.scrollWidth");
            Number viewport = (Number) p.evaluate("() => window.innerWidth");
            if (pageWidth.intValue() > viewport.intValue()) {
                problems.add(entry.getKey() + ": " + pageWidth + " px wide on a " + viewport + " px phone");
            }
            Browser.screenshot(p, "phone-" + entry.getKey());
        }
        assertThat(problems).as("serious or critical axe violations, and pages wider than a phone").isEmpty();
    }

    @Test
    @Order(2)
    void aKeyboardAloneSignsInApprovesAndRollsBack() {
        Page page = browser.anonymous(server.url());
        List<String> dialogs = new ArrayList<>();
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.accept();
        });
        page.navigate("/ui/signin");
        tabTo(page, "input#token");
        assertVisibleFocus(page);
        page.keyboard().type(rita);
        page.keyboard().press("Enter");
        page.waitForURL("**/ui");
        tabTo(page, "#h-hello a"); // a link without an id, found again by what it is
        assertALiveRefreshKeepsTheFocus(page);

        page.navigate("/ui/apps/hello");
        tabTo(page, ".pending button.primary");
        assertVisibleFocus(page);
        assertALiveRefreshKeepsTheFocus(page);
        page.keyboard().press("Enter");
        assertThat(page.locator(".flash")).containsText("Promotion #");

        page.navigate("/ui/apps/hello/environments/staging");
        tabTo(page, "tbody tr:last-child button");
        assertVisibleFocus(page);
        assertALiveRefreshKeepsTheFocus(page);
        page.keyboard().press("Enter");
        assertThat(page.locator(".flash")).containsText("Rolling back staging");
        // with JavaScript the browser's own dialog was the confirmation, no page in between
        assertThat(dialogs).hasSize(2).allMatch(message -> message.endsWith("?"));
    }

    @Test
    @Order(3)
    void withoutJavaScriptEveryButtonAsksFirstThenActsAndShowsTheResult() {
        BrowserContext context = browser.context(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(server.url()).setJavaScriptEnabled(false));
        Page page = context.newPage();
        page.navigate("/ui/signin");
        page.getByLabel("API token").fill(rita);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/ui");
        assertThat(page.locator("#app-hello")).isVisible();

        // staging was rolled back (1.0.0), production has 1.0.1: promoting is a change again
        awaitServing("hello", "staging", "version 1.0.0");
        awaitServing("hello", "production", "version 1.0.1");
        page.navigate("/ui/apps/hello");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Promote from staging")).click();
        assertThat(page.locator("#what")).containsText("promoted to production");
        confirm(page);
        assertThat(page.locator(".flash")).containsText("to production: PENDING");

        page.locator(".pending button.primary").click();
        assertThat(page.locator("h1")).containsText("Approve promotion");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.locator(".pending")).hasCount(1);
        page.locator(".pending button.primary").click();
        confirm(page);
        assertThat(page.locator(".flash")).containsText("Promotion #");

        page.navigate("/ui/apps/hello/environments/staging");
        // newest first: the current deployment (the rollback), then 1.0.1, which has a button
        page.locator("tbody tr:nth-child(2) button").click();
        assertThat(page.locator("#what")).containsText("deployed again");
        confirm(page);
        assertThat(page.locator(".flash")).containsText("Rolling back staging");
        page.waitForURL("**/ui/apps/hello/environments/staging");
        assertThat(page.locator("table")).isVisible();
        context.close();
    }

    private static void confirm(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
    }

    private static Page phone(Page page) {
        page.setViewportSize(375, 740);
        return page;
    }

    /** Presses Tab until {@code selector} has the focus (a live refresh may drop it: Tab goes on from the top). */
    private static void tabTo(Page page, String selector) {
        for (int i = 0; i < 200; i++) {
            page.keyboard().press("Tab");
            if ((Boolean) page.evaluate("s => document.activeElement === document.querySelector(s)", selector)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    /**
     * A change elsewhere (another app's deployment, a pending promotion) re-fetches the live part of the page: the
     * keyboard's place must survive it, or a key pressed just then lands nowhere.
     */
    private static void assertALiveRefreshKeepsTheFocus(Page page) {
        String whatHasFocus = "() => { const a = document.activeElement; "
                + "return a.tagName + ' ' + (a.id || a.getAttribute('href')) + ' ' + a.textContent.trim(); }";
        String focused = (String) page.evaluate(whatHasFocus);
        assertThat(focused).doesNotStartWith("BODY");
        page.evaluate("() => { document.getElementById('live').slipwayOld = true; "
                + "document.body.dispatchEvent(new CustomEvent('slipway:changed')); }");
        page.waitForFunction("() => { const l = document.getElementById('live'); "
                + "return l && !l.slipwayOld && !l.classList.contains('htmx-settling'); }");
        assertThat((String) page.evaluate(whatHasFocus)).isEqualTo(focused);
    }

    private static void assertVisibleFocus(Page page) {
        Object outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                + "return s.outlineStyle + ' ' + s.outlineWidth; }");
        assertThat((String) outline).doesNotStartWith("none").doesNotEndWith(" 0px");
    }

    /** axe-core's serious and critical violations on the page as it is now. */
    private static JsonNode axeViolations(Page page) throws IOException {
        page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
        Object result = page.evaluate("async () => { const r = await axe.run(document); return JSON.stringify({"
                + "passes: r.passes.length, violations: r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))})}");
        JsonNode report = JSON.readTree((String) result);
        assertThat(report.get("passes").asInt()).as("axe checked something on " + page.url()).isPositive();
        return report.get("violations");
    }
}
