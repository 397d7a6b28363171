package dev.slipway.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The API's JSON bodies as the CLI reads and sends them. Times stay ISO-8601 strings (see
 * {@link Formats}); a field the server leaves out or sends as null is null here.
 */
final class ApiBodies {
    private ApiBodies() {}

    record App(String name, String gitUrl, String remoteUrl, String createdAt, Upstream upstream) {}

    /** What a followed app follows; {@code webhookSecret} only in the answer to its creation. */
    record Upstream(String url, String forge, String apiUrl, String branchFilter, long pollSeconds,
                    boolean reportStatuses, boolean reportDeployments, String webhookUrl, String webhookSecret,
                    String syncedAt, String syncError) {}

    record AppList(List<App> apps) {
        AppList {
            apps = apps == null ? List.of() : apps;
        }
    }

    record Run(
            int number,
            String branch,
            String commit,
            String state,
            String error,
            List<String> warnings,
            String artifact,
            Integer reusedFrom,
            String createdAt,
            String startedAt,
            String finishedAt,
            List<Stage> stages) {
        Run {
            warnings = warnings == null ? List.of() : warnings;
            stages = stages == null ? List.of() : stages;
        }
    }

    record RunList(String app, List<Run> runs) {
        RunList {
            runs = runs == null ? List.of() : runs;
        }
    }

    record Stage(String name, String state, List<Job> jobs) {
        Stage {
            jobs = jobs == null ? List.of() : jobs;
        }
    }

    record Job(String name, String state, Integer exitCode, String error, String startedAt, String finishedAt) {}

    record Status(String app, List<EnvironmentStatus> environments) {
        Status {
            environments = environments == null ? List.of() : environments;
        }
    }

    record EnvironmentStatus(
            String name, String commit, String digest, String state, String url, String deployedAt, String liveSlot,
            String idleSlot, String idleDigest, String idleState, String previewUrl, String unavailable, Long pid,
            Service service, String builtFrom, List<Target> targets) {
        EnvironmentStatus {
            targets = targets == null ? List.of() : targets;
        }
    }

    /** One target of an environment on several, as the reconciler last saw it. */
    record Target(String target, String sync, String digest, String slot, boolean healthy, String since,
                  String detail, String address) {}

    /** What the supervisor found wrong with an environment's live service (CRASHED, UNHEALTHY, RESTARTING). */
    record Service(String state, String reason, Integer exitCode, List<String> lastLines, String since, int restarts,
                   String nextAttempt) {
        Service {
            lastLines = lastLines == null ? List.of() : List.copyOf(lastLines);
        }
    }

    /** The data of the log stream's {@code end} event. */
    record End(String state) {}

    record User(String name, String createdAt, List<UserGrant> grants) {
        User {
            grants = grants == null ? List.of() : grants;
        }
    }

    /** A role on one app, or on every app when {@code app} is {@code *}. */
    record UserGrant(String app, String role) {}

    record UserList(List<User> users) {
        UserList {
            users = users == null ? List.of() : users;
        }
    }

    /** Unset fields are left out, so that the server applies its own defaults (the caller, the longest allowed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewToken(String user, String expires) {}

    /** The only body that carries a token's secret; the server never shows it again. */
    record IssuedToken(String id, String user, String token, String createdAt, String expiresAt) {}

    record Token(String id, String user, String createdAt, String expiresAt, String revokedAt) {}

    record RevokedTokens(String user, List<Token> revoked) {
        RevokedTokens {
            revoked = revoked == null ? List.of() : List.copyOf(revoked);
        }
    }

    record TokenList(List<Token> tokens) {
        TokenList {
            tokens = tokens == null ? List.of() : tokens;
        }
    }

    record NewGrant(String user, String role, String app) {}

    /** A secret's value on its way to the server; its toString never shows it. */
    record SecretValue(String value) {
        @Override
        public String toString() {
            return "SecretValue[***]";
        }
    }

    record SecretNames(String app, String environment, List<String> names) {
        SecretNames {
            names = names == null ? List.of() : names;
        }
    }

    record AppWideSecretNames(String app, boolean appWide, List<String> names) {
        AppWideSecretNames {
            names = names == null ? List.of() : names;
        }
    }

    record GrantChange(String user, String app, String role, String previousRole) {}

    record AuditEntry(
            long seq,
            String at,
            String actor,
            String action,
            String app,
            String subject,
            String before,
            String after,
            String hash) {}

    record AuditEntries(List<AuditEntry> entries) {
        AuditEntries {
            entries = entries == null ? List.of() : entries;
        }
    }

    /**
     * {@code entries} is how many entries were checked; {@code firstBad} and {@code problem} only when not ok;
     * {@code checkpoint} only when verified against one.
     */
    record AuditVerification(boolean ok, long entries, Long firstBad, String problem, Long headSeq, String headHash,
                             CheckpointResult checkpoint) {
        record CheckpointResult(boolean ok, long seq, String time, String keyId, String problem) {}
    }

    /** What {@code slipway audit checkpoint} prints; the server checks it, the CLI only reads what to say. */
    record Checkpoint(String format, long seq, String headHash, String time, String keyId, String signature) {}

    record LintProblem(int line, int column, String problem, String message) {}

    record Lint(boolean valid, List<String> summary, LintProblem error) {}
}
