package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.ApiBodies.AuditEntries;
import dev.slipway.cli.ApiBodies.AuditEntry;
import dev.slipway.cli.ApiBodies.AuditVerification;
import dev.slipway.cli.ApiBodies.AuditVerification.CheckpointResult;
import dev.slipway.cli.ApiBodies.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        subcommands = {AuditCommands.VerifyAudit.class, AuditCommands.MakeCheckpoint.class})
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

    /**
     * Exits 1 when the chain is broken, or does not pass through the {@code --checkpoint} kept earlier, with or
     * without {@code --json}, so that a cron job can alert on it.
     */
    @Command(
            name = "verify",
            description = {"Check that no audit entry was changed or removed",
                    "--checkpoint FILE also checks the log still passes through a checkpoint kept earlier"},
            mixinStandardHelpOptions = true)
    static final class VerifyAudit implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Option(names = "--checkpoint", paramLabel = "FILE",
                description = "A checkpoint `slipway audit checkpoint` printed: catches a rewrite of every later hash")
        Path checkpoint;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            JsonNode body = checkpoint == null ? api.get("/api/v1/audit/verify")
                    : api.post("/api/v1/audit/verify", read(checkpoint));
            AuditVerification verification = api.read(body, AuditVerification.class);
            if (json.enabled()) {
                global.out().println(ApiClient.pretty(body));
            } else if (verification.ok()) {
                print(verification);
            } else if (verification.firstBad() == null && verification.checkpoint() != null
                    && !verification.checkpoint().ok()) {
                CheckpointResult kept = verification.checkpoint();
                global.err().println("audit log does NOT pass through the checkpoint of entry #" + kept.seq() + " ("
                        + kept.time() + "): " + Formats.orNone(kept.problem()));
            } else {
                String where = verification.firstBad() == null ? "" : " at entry #" + verification.firstBad();
                global.err().println("audit chain BROKEN" + where + ": " + Formats.orNone(verification.problem()));
            }
            return verification.ok() ? 0 : SlipwayCli.EXIT_REFUSED;
        }

        private void print(AuditVerification verification) {
            PrintWriter out = global.out();
            out.println("audit chain ok: " + verification.entries() + " entries verified");
            if (verification.headHash() != null) {
                out.println("head: entry #" + verification.headSeq() + ", hash " + verification.headHash()
                        + " (keep a signed one elsewhere: `slipway audit checkpoint > FILE`)");
            }
            CheckpointResult kept = verification.checkpoint();
            if (kept != null) {
                out.println("checkpoint ok: the log still passes through entry #" + kept.seq() + " as signed at "
                        + kept.time() + " (key " + kept.keyId() + ")");
            }
        }

        /** The checkpoint file as JSON, sent as it is: the server checks every field and the signature. */
        private static JsonNode read(Path file) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.refused("cannot read the checkpoint " + file + ": " + e.getMessage()
                        + " (give the file `slipway audit checkpoint` was written to)");
            }
            try {
                return ApiClient.parse(text);
            } catch (JsonProcessingException e) {
                throw CliException.refused(file + " is not a checkpoint (not JSON: " + e.getOriginalMessage()
                        + "): give the file `slipway audit checkpoint` was written to");
            }
        }
    }

    /** The checkpoint JSON alone on stdout, so that {@code slipway audit checkpoint > FILE} keeps it. */
    @Command(
            name = "checkpoint",
            description = {"Print the audit chain's head signed by the server's key (JSON)",
                    "Keep it where Slipway cannot write; check later with `slipway audit verify --checkpoint FILE`"},
            mixinStandardHelpOptions = true)
    static final class MakeCheckpoint implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            JsonNode body = api.get("/api/v1/audit/checkpoint");
            Checkpoint checkpoint = api.read(body, Checkpoint.class);
            global.out().println(ApiClient.pretty(body));
            global.err().println("checkpoint of entry #" + checkpoint.seq() + ", signed by key " + checkpoint.keyId()
                    + ": keep it where Slipway cannot write, and check later with `slipway audit verify --checkpoint "
                    + "FILE`");
            return 0;
        }
    }
}
