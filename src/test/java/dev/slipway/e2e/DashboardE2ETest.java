package dev.slipway.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against the real server, git and CLI: sign in, watch a push run live,
 * promote and approve to production from the app page, roll back; a viewer sees no buttons and is refused anyway;
 * a POST without the CSRF token is refused. Screenshots of each page go to target/screenshots/.
 */
class DashboardE2ETest extends BrowserE2E {
    private static final LocatorAssertions.ContainsTextOptions PATIENT =
            new LocatorAssertions.ContainsTextOptions().setTimeout(LONG.toMillis());



    private static String shortDigest(JsonNode env) {
        String digest = env.get("digest").asText();
        return digest.substring(0, digest.indexOf(':') + 13);
    }

    /** What a script on the page could send: same origin, so the browser adds the session cookie. */
    private static int post(Page page, String path, String csrf, String body) {
        Object status = page.evaluate("([path, csrf, body]) => fetch(path, {method: 'POST', body, headers: "
                + "Object.assign({'Content-Type': 'application/x-www-form-urlencoded'}, csrf ? {'X-CSRF-Token': csrf} : {})"
                + "}).then(r => r.status)", List.of(path, csrf == null ? "" : csrf, body));
        return ((Number) status).intValue();
    }

    @Test
    void signInWatchARunPromoteApproveAndRollBackWhileAViewerIsRefused() throws Exception {
        createApp("hello");
        String alice = tokenFor("alice", "releaser", "hello");
        String bob = tokenFor("bob", "releaser", "hello");
        String vera = tokenFor("vera", "viewer", "hello");
        GitClient git = exampleRepo(tmp.resolve("hello"));
        String pushUrl = server.pushUrl("hello", "alice", alice);
        assertThat(awaitRun("hello", pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok())).get("state").asText())
                .isEqualTo("SUCCEEDED");
        JsonNode staging = awaitServing("hello", "staging", "version 1.0.0");

        Page signin = browser.anonymous(server.url());
        signin.navigate("/ui/signin");
        Browser.screenshot(signin, "signin");

        // sign in; the overview shows the app, its staging digest, and production (nothing live yet)
        Page page = browser.signedIn(server.url(), bob);
        assertThat(page.locator("#app-hello [data-env=staging] .digest")).hasText(shortDigest(staging));
        assertThat(page.locator("#app-hello [data-env=production]")).isVisible();
        Cookie session = page.context().cookies().stream().filter(c -> c.name.equals("slipway_session")).findFirst()
                .orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        Browser.screenshot(page, "overview");

        // a push shows up on the open app page and finishes there, without a reload
        page.navigate("/ui/apps/hello");
        git.write("VERSION", "1.0.1\n");
        git.commitAll("1.0.1");
        long second = pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok());
        assertThat(page.locator("#run-" + second)).containsText("SUCCEEDED", PATIENT);
        JsonNode newStaging = awaitServing("hello", "staging", "version 1.0.1");
        assertThat(page.locator("[data-env=staging] .digest")).hasText(shortDigest(newStaging),
                new LocatorAssertions.HasTextOptions().setTimeout(LONG.toMillis()));

        // promote from the app page, then approve: production shows the new digest
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Promote from staging")).click();
        assertThat(page.locator(".flash")).containsText("to production: PENDING");
        assertThat(page.locator(".pending")).containsText("approval");
        Browser.screenshot(page, "app-pending");
        page.locator(".pending button.primary").click();
        assertThat(page.locator(".flash")).containsText("Promotion #");
        assertThat(page.locator("[data-env=production] .digest")).hasText(shortDigest(newStaging),
                new LocatorAssertions.HasTextOptions().setTimeout(LONG.toMillis()));
        assertThat(page.locator("[data-env=production] .badge")).hasText("LIVE");
        Browser.screenshot(page, "app");

        // the path follows the artifact: the newest main build and staging show the same digest, in the same colour
        Locator build = page.locator(".builds li").filter(new Locator.FilterOptions().setHasText("main #" + second))
                .locator(".artifact");
        assertThat(build).hasText(shortDigest(newStaging));
        assertThat(build.getAttribute("style")).isEqualTo(page.locator("[data-env=staging] .digest").getAttribute("style"));

        // the run page: stages as columns, jobs with their log, the artifact and where it was deployed
        page.navigate("/ui/apps/hello/runs/" + second);
        assertThat(page.locator(".stage")).hasCount(2);
        assertThat(page.locator(".job").first()).containsText("SUCCEEDED");
        assertThat(page.locator(".produced")).containsText("staging #");
        assertThat(page.locator(".produced")).containsText("production #");
        com.microsoft.playwright.Download tar = page.waitForDownload(() -> page.locator("a[href$=artifact]").click());
        assertThat(tar.suggestedFilename()).startsWith("hello-").endsWith(".tar");
        Browser.screenshot(page, "run");

        // the environment page: history, configuration, and a rollback to the first version
        page.navigate("/ui/apps/hello");
        page.locator("[data-env=staging] h3 a").click();
        page.waitForURL("**/ui/apps/hello/environments/staging");
        assertThat(page.locator("tbody tr")).hasCount(2);
        Browser.screenshot(page, "environment");
        page.locator("tbody tr").last().getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        assertThat(page.locator(".flash")).containsText("Rolling back staging");
        page.waitForURL("**/ui/apps/hello/environments/staging");
        page.navigate("/ui/apps/hello");
        assertThat(page.locator("[data-env=staging] .digest")).hasText(shortDigest(staging),
                new LocatorAssertions.HasTextOptions().setTimeout(LONG.toMillis()));

        // the audit page, as an admin: filters and the chain's verification
        Page admin = browser.signedIn(server.url(), ServerProcess.ADMIN_TOKEN);
        admin.navigate("/ui/audit?app=hello");
        assertThat(admin.locator("#verification")).containsText("Chain verified");
        assertThat(admin.locator("tbody")).containsText("bob");
        Browser.screenshot(admin, "audit");

        // a POST without the session's CSRF token is refused, even from the page itself
        assertThat(post(page, "/ui/apps/hello/environments/staging/rollback", null, "")).isEqualTo(403);

        // a viewer sees no buttons, and a forged POST (with her own CSRF token) is refused by the server
        Page viewer = browser.signedIn(server.url(), vera);
        viewer.navigate("/ui/apps/hello");
        assertThat(viewer.locator("main button")).hasCount(0);
        Browser.screenshot(viewer, "app-viewer");
        String csrf = viewer.locator("input[name=csrf]").first().inputValue();
        assertThat(post(viewer, "/ui/apps/hello/promotions", csrf, "environment=production&from=staging")).isEqualTo(403);
        assertThat(post(viewer, "/ui/apps/hello/environments/staging/rollback", csrf, "")).isEqualTo(403);
    }
    @Test
    void swapSlotsFromTheEnvironmentPage() throws Exception {
        createApp("bgui");
        GitClient git = exampleRepo(tmp.resolve("bgui"));
        git.write(".slipway.yml", java.nio.file.Files.readString(git.dir().resolve(".slipway.yml")).replace(
                "    branches: [ main ]\n", "    branches: [ main ]\n    strategy: bluegreen\n    swap: auto\n    keep_warm: 10m\n"));
        git.commitAll("blue/green staging");
        awaitRun("bgui", pushedRun(git.push(server.pushUrl("bgui"), "HEAD:refs/heads/main").ok()));
        awaitServing("bgui", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("v2");
        awaitRun("bgui", pushedRun(git.push(server.pushUrl("bgui"), "HEAD:refs/heads/main").ok()));
        awaitServing("bgui", "staging", "version 2.0.0");

        Page page = browser.signedIn(server.url(), ServerProcess.ADMIN_TOKEN);
        // the path shows the live slot and what waits warm in the other; the environment page links the idle slot
        page.navigate("/ui/apps/bgui");
        assertThat(page.locator("[data-env=staging] .slot")).containsText("live (");
        assertThat(page.locator("[data-env=staging] .idle")).containsText("WARM");
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Swap staging"))).isVisible();
        page.navigate("/ui/apps/bgui/environments/staging");
        assertThat(page.locator("li.idle")).containsText("WARM");
        assertThat(page.locator("li.idle a")).hasAttribute("href", java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:\\d+"));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Swap slots")).click();
        assertThat(page.locator(".flash")).containsText("Swapped staging");
        Browser.screenshot(page, "environment-swap");
        awaitServing("bgui", "staging", "version 1.0.0");
    }
}
