package dev.slipway.cli;

/** Promotion bodies as the server sends them, for the CLI tests. */
final class PromotionJson {
    static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private PromotionJson() {}

    static String pending() {
        return promotion("PENDING", null, null, """
                [{"name":"from","status":"passed","detail":"sha256:9f86d081884c went live in staging (deployment #3)","retry_at":null},
                 {"name":"approvals","status":"waiting","detail":"production requires 1 approval by a releaser other than alice (who pushed the commit) (has 0): run `slipway approve hello 42`","retry_at":null}]""",
                "[]");
    }

    static String deploying() {
        return promotion("DEPLOYING", null, 7L, """
                [{"name":"from","status":"passed","detail":"sha256:9f86d081884c went live in staging (deployment #3)","retry_at":null},
                 {"name":"approvals","status":"passed","detail":"approved by bob","retry_at":null}]""",
                "[{\"user\":\"bob\",\"decision\":\"approve\",\"reason\":null,\"at\":\"2026-11-22T02:59:50Z\"}]");
    }

    static String promotion(String state, String reason, Long deployment, String gates, String approvals) {
        return "{\"app\":\"hello\",\"id\":42,\"environment\":\"production\",\"digest\":\"" + DIGEST + "\",\"commit\":\""
                + COMMIT + "\",\"run\":5,\"source\":\"cli\",\"requested_by\":\"rita\",\"author\":\"alice\",\"state\":\""
                + state + "\",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"") + ",\"deployment\":"
                + deployment + ",\"created_at\":\"2026-11-22T02:59:00Z\",\"updated_at\":\"2026-11-22T02:59:00Z\","
                + "\"gates\":" + gates + ",\"approvals\":" + approvals + "}";
    }
}
