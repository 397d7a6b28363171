package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCredentialsTest {
    final RunCredentials credentials = new RunCredentials();

    @Test
    void aRunsCredentialsSpeakForItsAppAndRunUntilTheLastJobGivesThemBack() {
        RunCredentials.Issued first = credentials.issue("web", 7);
        RunCredentials.Issued second = credentials.issue("web", 7); // a job beside it in the same stage
        assertThat(first.user()).isEqualTo("run-web-7");
        assertThat(second).isEqualTo(first);
        assertThat(credentials.verify("run-web-7", first.token()))
                .hasValue(new RunCredentials.RunScope("web", 7, "run-web-7"));

        credentials.revoke("web", 7);
        assertThat(credentials.verify("run-web-7", first.token())).isPresent();
        credentials.revoke("web", 7);
        assertThat(credentials.verify("run-web-7", first.token())).isEmpty();
        assertThat(credentials.issue("web", 7).token()).isNotEqualTo(first.token());
    }

    @Test
    void aTokenWorksOnlyWithItsOwnUserName() {
        RunCredentials.Issued web = credentials.issue("web", 1);
        credentials.issue("api", 1);
        assertThat(credentials.verify("run-api-1", web.token())).isEmpty();
        assertThat(credentials.verify("run-web-1", web.token() + "x")).isEmpty();
        assertThat(credentials.verify("run-web-1", null)).isEmpty();
        assertThat(web.toString()).doesNotContain(web.token());
    }

    @Test
    void logLinesHideTheLiveTokensOfTheirApp() {
        var masker = credentials.maskerFor("web"); // made before the token exists, as a job's log is
        RunCredentials.Issued issued = credentials.issue("web", 3);
        RunCredentials.Issued other = credentials.issue("api", 3);
        assertThat(masker.apply("token=" + issued.token() + ".")).isEqualTo("token=***.");
        assertThat(masker.apply(other.token())).isEqualTo(other.token());
        assertThat(issued.token()).startsWith("slw_");
    }
}
