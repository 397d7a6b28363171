package dev.slipway.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** A dashboard session lasts no longer than the token it was signed in with: `slipway token revoke` ends it. */
class DashboardSessionE2ETest extends BrowserE2E {
    @Test
    void aRevokedTokensSessionIsRefusedAndEnded() {
        createApp("revoked");
        assertThat(cli.run("user", "create", "tom").exit()).isZero();
        assertThat(cli.run("grant", "tom", "deployer", "--app", "revoked").exit()).isZero();
        CliRunner.Result created = cli.run("token", "create", "--user", "tom");
        assertThat(created.exit()).as(created.err()).isZero();
        String token = created.out().lines().findFirst().orElseThrow().trim();
        String id = token.substring("slw_".length(), token.indexOf('.'));

        Page page = browser.signedIn(server.url(), token);
        page.navigate("/ui/apps/revoked");
        assertThat(page.locator("h1")).hasText("revoked");

        CliRunner.Result revoke = cli.run("token", "revoke", id);
        assertThat(revoke.exit()).as(revoke.err()).isZero();

        page.navigate("/ui/apps/revoked");
        assertThat(page.locator("h1")).hasText("Sign in");
        assertThat(page.locator(".error")).containsText("token " + id + " was revoked");
        assertThat(page.context().cookies()).noneMatch(c -> c.name.equals("slipway_session"));
        // signing in again with the revoked token is refused too
        page.getByLabel("API token").fill(token);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator(".error")).containsText("was revoked");
    }
}
