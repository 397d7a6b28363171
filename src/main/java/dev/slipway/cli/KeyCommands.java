package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway keys}: the server's signing keys (current and retired); {@code slipway keys rotate} (admin). */
@Command(
        name = "keys",
        description = {"List the server's signing keys: the current one and the retired ones",
                "`keys rotate` (admin) makes a new signing key; the old one keeps verifying what it signed"},
        mixinStandardHelpOptions = true,
        subcommands = {KeyCommands.Rotate.class})
final class KeyCommands implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        JsonNode keys = global.api().get("/api/v1/keys");
        if (json.enabled()) {
            global.out().println(ApiClient.pretty(keys));
            return 0;
        }
        Table table = new Table("ID", "ALGORITHM", "STATUS", "RETIRED", "SIGNS");
        for (JsonNode key : keys.path("keys")) {
            java.util.List<String> signs = new java.util.ArrayList<>();
            key.path("signs").forEach(s -> signs.add(s.asText()));
            table.row(key.path("id").asText(), key.path("algorithm").asText(), key.path("status").asText(),
                    key.path("retired_at").isNull() || key.path("retired_at").isMissingNode() ? "-"
                            : Formats.time(key.path("retired_at").asText()), String.join(", ", signs));
        }
        table.print(global.out());
        global.out().println("builder: " + keys.path("builder").asText());
        return 0;
    }

    @Command(name = "rotate", description = "Make a new signing key (admin); the old one is kept, retired",
            mixinStandardHelpOptions = true)
    static final class Rotate implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            JsonNode rotated = global.api().post("/api/v1/keys/rotate", java.util.Map.of());
            global.out().println("signing key rotated: now " + rotated.path("id").asText() + " (retired "
                    + rotated.path("retired").asText() + ", kept to verify what it signed)");
            return 0;
        }
    }
}
