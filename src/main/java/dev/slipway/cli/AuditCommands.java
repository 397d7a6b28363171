package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.ApiBodies.AuditEntries;
import dev.slipway.cli.ApiBodies.AuditEntry;
import dev.slipway.cli.ApiBodies.AuditVerification;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code slipway audit}: who changed what, newest first; {@code slipway audit verify}: is the record intact. */
@Command(
        name = "audit",
        description = "List the audit log, newest first; `audit verify` checks its hash chain",
        mixinStandardHelpOptions = true,
        subcommands = {AuditCommands.VerifyAudit.class})
final class AuditCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Option(names = "--app", paramLabel = "APP", description = "Only entries about this app")
    String app;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "At most N entries (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        AuditEntries audit = json.read(global, ApiClient.withQuery("/api/v1/audit", "app", app, "limit", String.valueOf(limit)), AuditEntries.class);
        if (audit == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (audit.entries().isEmpty()) {
            out.println(app == null ? "No audit entries yet" : "No audit entries for " + app + " yet");
            return 0;
        }
        Table table = new Table("#", "TIME", "ACTOR", "ACTION", "APP", "SUBJECT", "CHANGE");
        for (AuditEntry entry : audit.entries()) {
            table.row(
                    String.valueOf(entry.seq()),
                    Formats.time(entry.at()),
                    Formats.orNone(entry.actor()),
                    Formats.orNone(entry.action()),
                    Formats.orNone(entry.app()),
                    Formats.orNone(entry.subject()),
                    Formats.orNone(entry.before()) + " → " + Formats.orNone(entry.after()));
        }
        table.print(out);
        return 0;
    }

    /** Exits 1 when the chain is broken, with or without {@code --json}, so that a cron job can alert on it. */
    @Command(
            name = "verify",
            description = "Check that no audit entry was changed or removed",
            mixinStandardHelpOptions = true)
    static final class VerifyAudit implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            JsonNode body = api.get("/api/v1/audit/verify");
            AuditVerification verification = api.read(body, AuditVerification.class);
            if (json.enabled()) {
                global.out().println(ApiClient.pretty(body));
            } else if (verification.ok()) {
                global.out().println("audit chain ok: " + verification.entries() + " entries verified");
            } else {
                String where = verification.firstBad() == null ? "" : " at entry #" + verification.firstBad();
                global.err().println("audit chain BROKEN" + where + ": " + Formats.orNone(verification.problem()));
            }
            return verification.ok() ? 0 : SlipwayCli.EXIT_REFUSED;
        }
    }
}
