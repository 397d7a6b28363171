package dev.slipway.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each forge's words for Slipway's states, the retry schedule, and what a call must carry. */
class ForgeWordsTest {
    static Stream<Arguments> words() {
        return Stream.of(
                // state, GitHub status, GitHub deployment status, GitLab, Gitea
                Arguments.of(ReportState.PENDING, "pending", "queued", "pending", "pending"),
                Arguments.of(ReportState.RUNNING, "pending", "in_progress", "running", "pending"),
                Arguments.of(ReportState.SUCCESS, "success", "success", "success", "success"),
                Arguments.of(ReportState.FAILURE, "failure", "failure", "failed", "failure"),
                Arguments.of(ReportState.ERROR, "error", "error", "failed", "error"),
                Arguments.of(ReportState.CANCELLED, "error", "error", "canceled", "error"));
    }

    @ParameterizedTest
    @MethodSource("words")
    void eachForgeSaysEachStateInItsOwnWords(ReportState state, String github, String deployment, String gitlab,
                                             String gitea) {
        assertThat(GitHubDialect.statusState(state)).isEqualTo(github);
        assertThat(GitHubDialect.deploymentState(state)).isEqualTo(deployment);
        assertThat(GitLabDialect.state(state)).isEqualTo(gitlab);
        assertThat(GiteaDialect.state(state)).isEqualTo(gitea);
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeAndNeverMoreThanFiveMinutes() {
        assertThat(ReportSender.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReportSender.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReportSender.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(ReportSender.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(ReportSender.backoff(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(ReportSender.backoff(60)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anErrorNeverCarriesTheTokenAndIsKeptShort() {
        assertThat(ReportSender.mask("HTTP 401: token tok123 is\nbad", "tok123")).isEqualTo("HTTP 401: token *** is bad");
        assertThat(ReportSender.mask("x".repeat(900), "tok")).hasSize(501).endsWith("…");
    }

    @Test
    void aDescriptionIsCutToWhatForgesKeepAndACallNamesWhatItIsAbout() {
        NewForgeCall call = NewForgeCall.status("hello", 1, "c0ffee", "main", ReportState.FAILURE, "http://s",
                "run #1 failed: " + "y".repeat(300));
        assertThat(call.description()).hasSize(140).endsWith("…");
        assertThat(call.context()).isEqualTo("slipway/hello");
        assertThatThrownBy(() -> new NewForgeCall("hello", CallKind.DEPLOYMENT_STATUS, "c0ffee", null,
                ReportState.SUCCESS, "http://s", "live", "slipway/hello", null, null, null))
                .hasMessageContaining("deployment and environment");
    }

    @Test
    void linksPointAtThePublicAddress() {
        ReportLinks links = new ReportLinks("https://slipway.example/");
        assertThat(links.run("hello", 12)).isEqualTo("https://slipway.example/ui/apps/hello/runs/12");
        assertThat(links.environment("hello", "staging")).isEqualTo("https://slipway.example/ui/apps/hello/environments/staging");
    }
}
