package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.forge.CallKind;
import dev.slipway.forge.CallOutcome;
import dev.slipway.forge.ForgeCall;
import dev.slipway.forge.NewForgeCall;
import dev.slipway.forge.ReportState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ForgeCallRepository must do, on every database: the outbox of statuses and deployments. */
abstract class ForgeCallRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123Z");
    static final String SHA = "a".repeat(40);

    private SqlForgeCallRepository calls;

    @BeforeEach
    void setUp() {
        calls = new SqlForgeCallRepository(db);
    }

    static NewForgeCall status(String app, long run, ReportState state) {
        return NewForgeCall.status(app, run, SHA, "main", state, "http://s/ui/apps/" + app + "/runs/" + run,
                state.name().toLowerCase());
    }

    @Test
    void theCursorStartsOnceAndMovesOnlyFromWhereItIs() {
        assertThat(calls.cursor()).isEmpty();
        assertThat(calls.startAt(7)).isEqualTo(7);
        assertThat(calls.startAt(99)).isEqualTo(7); // a second start keeps the place
        assertThat(calls.harvested(7, 9, List.of(status("hello", 1, ReportState.PENDING)), T0)).isTrue();
        assertThat(calls.harvested(7, 12, List.of(status("hello", 2, ReportState.PENDING)), T0)).isFalse();
        assertThat(calls.cursor()).contains(9L);
        assertThat(calls.list("hello", 10)).hasSize(1); // the refused harvest enqueued nothing
    }

    @Test
    void enqueuedCallsKeepEveryFieldAndListNewestFirst() {
        calls.startAt(0);
        NewForgeCall deployment = NewForgeCall.deployment("hello", 4, "staging", SHA, "http://s/ui/apps/hello", "run #1");
        calls.harvested(0, 3, List.of(status("hello", 1, ReportState.PENDING), deployment,
                status("other", 1, ReportState.RUNNING)), T0);

        List<ForgeCall> listed = calls.list("hello", 10);
        assertThat(listed).extracting(ForgeCall::id).containsExactly(2L, 1L);
        ForgeCall first = listed.get(1);
        assertThat(first.call()).isEqualTo(status("hello", 1, ReportState.PENDING));
        assertThat(first).extracting(ForgeCall::createdAt, ForgeCall::attempts, ForgeCall::nextAttemptAt,
                ForgeCall::outcome, ForgeCall::lastError, ForgeCall::httpStatus, ForgeCall::sentAt, ForgeCall::forgeId)
                .containsExactly(T0, 0, T0, CallOutcome.PENDING, null, null, null, null);
        assertThat(listed.get(0).call()).isEqualTo(deployment);
        assertThat(calls.deploymentCall("hello", 4)).map(ForgeCall::id).contains(2L);
        assertThat(calls.deploymentCall("hello", 5)).isEmpty();
    }

    @Test
    void onlyEachAppsOldestPendingCallIsDueSoNoneOvertakesAnother() {
        calls.startAt(0);
        calls.harvested(0, 1, List.of(status("hello", 1, ReportState.PENDING), status("hello", 1, ReportState.RUNNING),
                status("other", 1, ReportState.PENDING)), T0);
        assertThat(calls.due(T0)).extracting(ForgeCall::id).containsExactly(1L, 3L);

        assertThat(calls.retry(1, 1, 500, "forge down", T0.plusSeconds(2))).isTrue();
        assertThat(calls.due(T0.plusSeconds(1))).extracting(ForgeCall::id).containsExactly(3L); // #2 waits behind #1
        assertThat(calls.sent(3, 1, 201, null, T0)).isTrue();
        assertThat(calls.nextDue()).contains(T0.plusSeconds(2));
        assertThat(calls.due(T0.plusSeconds(2))).extracting(ForgeCall::id).containsExactly(1L);

        assertThat(calls.gaveUp(1, 2, 401, "Bad credentials", T0.plusSeconds(3))).isTrue();
        assertThat(calls.gaveUp(1, 3, 401, "again", T0.plusSeconds(3))).isFalse(); // only from PENDING
        assertThat(calls.due(T0.plusSeconds(3))).extracting(ForgeCall::id).containsExactly(2L);
        assertThat(calls.sent(2, 1, 201, "42", T0.plusSeconds(4))).isTrue();
        assertThat(calls.nextDue()).isEmpty();

        List<ForgeCall> listed = calls.list("hello", 10);
        assertThat(listed.get(0)).extracting(ForgeCall::outcome, ForgeCall::httpStatus, ForgeCall::forgeId,
                ForgeCall::sentAt).containsExactly(CallOutcome.SENT, 201, "42", T0.plusSeconds(4));
        assertThat(listed.get(1)).extracting(ForgeCall::outcome, ForgeCall::attempts, ForgeCall::httpStatus,
                ForgeCall::lastError).containsExactly(CallOutcome.GAVE_UP, 2, 401, "Bad credentials");
        assertThat(listed.get(1).kind()).isEqualTo(CallKind.STATUS);
    }
}
