package dev.slipway.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * What a new user saw wrong on the dashboard: terminal wording with raw backticks, buttons that could do nothing
 * (promote a digest already there, swap with one slot), the dev group drawn as if it fed staging, and log lines
 * running out of their box.
 */
class DashboardPolishE2ETest extends BrowserE2E {
    private static final LocatorAssertions.ContainsTextOptions PATIENT =
            new LocatorAssertions.ContainsTextOptions().setTimeout(LONG.toMillis());

    @Test
    void theDashboardOffersOnlyWhatCanBeDoneAndShowsCommandsAsCode() throws Exception {
        createApp("polish");
        String alice = tokenFor("alice", "releaser", "polish");
        String bob = tokenFor("bob", "releaser", "polish");
        GitClient git = exampleRepo(tmp.resolve("polish"));
        String longLine = "x".repeat(3000);
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace(
                "steps: [ { run: \"java -cp dist Hello --self-test\" } ]",
                "steps: [ { run: \"echo " + longLine + " && java -cp dist Hello --self-test\" } ]"));
        git.commitAll("a test that prints one long line");
        String pushUrl = server.pushUrl("polish", "alice", alice);
        long first = pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok());
        assertThat(awaitRun("polish", first).get("state").asText()).isEqualTo("SUCCEEDED");
        awaitServing("polish", "staging", "version 1.0.0");
        git.run("checkout", "-q", "-b", "feature/polish");
        awaitRun("polish", pushedRun(git.push(pushUrl, "HEAD:refs/heads/feature/polish").ok()));

        Page page = browser.signedIn(server.url(), bob);
        page.navigate("/ui/apps/polish");
        // the dev group is its own lane beside the path: no arrow leads from it into staging
        assertThat(page.locator("#dev-polish")).isVisible();
        assertThat(page.locator(".lane:has(#dev-polish) [data-env=staging]")).hasCount(0);
        assertThat(page.locator(".lane:has([data-env=staging]) #dev-polish")).hasCount(0);
        assertThat(page.locator("#dev-polish + .arrow")).hasCount(0);
        Browser.screenshot(page, "app-lanes");

        // a waiting promotion names the command as code, not in backticks
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Promote from staging")).click();
        assertThat(page.locator(".pending")).containsText("approval", PATIENT);
        assertThat(page.locator(".pending li code").first()).containsText("slipway approve polish");
        assertThat(page.locator(".pending")).not().containsText("`");
        assertThat(page.locator(".flash")).not().containsText("`");

        // once production runs staging's digest, there is nothing to promote from staging
        page.locator(".pending button.primary").click();
        assertThat(page.locator("[data-env=production] .badge")).hasText("LIVE",
                new LocatorAssertions.HasTextOptions().setTimeout(LONG.toMillis()));
        page.navigate("/ui/apps/polish");
        assertThat(page.locator("[data-env=production] .digest"))
                .hasText(page.locator("[data-env=staging] .digest").innerText());
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Promote from staging")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back production")))
                .isVisible();

        // staging has one slot (recreate): no swap button on its page, rollback still there
        page.navigate("/ui/apps/polish/environments/staging");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Swap slots"))).hasCount(0);

        // a 3,000-character line wraps inside the log box instead of running out of it
        page.navigate("/ui/apps/polish/runs/" + first);
        assertThat(page.locator("#logbox-unit pre.log")).containsText("xxxxxxxx", PATIENT);
        Object overflow = page.evaluate("() => { const pre = document.querySelector('#logbox-unit pre.log');"
                + " return pre.scrollWidth - pre.clientWidth; }");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(1);
        Object pageOverflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) pageOverflow).intValue()).isLessThanOrEqualTo(1);
        Browser.screenshot(page, "run-long-line");
    }
}
