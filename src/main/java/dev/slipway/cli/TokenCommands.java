package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.ApiBodies.IssuedToken;
import dev.slipway.cli.ApiBodies.NewToken;
import dev.slipway.cli.ApiBodies.RevokedTokens;
import dev.slipway.cli.ApiBodies.Token;
import dev.slipway.cli.ApiBodies.TokenList;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway token create|list|revoke}. A token's secret is printed once, by {@code create}, on
 * stdout and nowhere else, so that {@code $(slipway token create)} captures it and logs do not.
 */
@Command(
        name = "token",
        description = "Create, list and revoke API tokens",
        mixinStandardHelpOptions = true,
        subcommands = {TokenCommands.CreateToken.class, TokenCommands.ListTokens.class, TokenCommands.RevokeToken.class})
final class TokenCommands {
    private static final String NEVER = "never";

    @Command(
            name = "create",
            description = {"Create a token and print it, alone, on stdout", "(it is shown only this once)"},
            mixinStandardHelpOptions = true)
    static final class CreateToken implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Option(names = "--user", paramLabel = "NAME", description = "Whose token (default: yours)")
        String user;

        @Option(names = "--expires", paramLabel = "DURATION", description = {"Lifetime, e.g. 30d, or never (admins only)",
                "(default: the longest allowed: no later than your own token, nor the server's maximum)"})
        String expires;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            JsonNode body = api.post("/api/v1/tokens", new NewToken(user, expires));
            if (json.enabled()) {
                global.out().println(ApiClient.pretty(body));
                return 0;
            }
            IssuedToken token = api.read(body, IssuedToken.class);
            if (token.token() == null || token.token().isBlank()) {
                throw CliException.broken(
                        "the server at " + api.server() + " created token " + token.id() + " but did not send it;"
                                + " revoke it with `slipway token revoke " + token.id() + "` and try again",
                        null);
            }
            global.out().println(token.token());
            // On stderr, so that stdout is the token alone.
            global.err().println("token " + token.id() + " for " + token.user() + ", expires "
                    + expiry(token.expiresAt()) + "; it is shown only this once");
            return 0;
        }
    }

    @Command(name = "list", description = "List tokens (never their secrets)", mixinStandardHelpOptions = true)
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Option(names = "--user", paramLabel = "NAME", description = "Only this user's tokens")
        String user;

        @Override
        public Integer call() {
            TokenList tokens = json.read(global, ApiClient.withQuery("/api/v1/tokens", "user", user), TokenList.class);
            if (tokens == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (tokens.tokens().isEmpty()) {
                out.println((user == null ? "No tokens" : "No tokens for " + user)
                        + " yet: create one with `slipway token create`");
                return 0;
            }
            Instant now = global.now();
            Table table = new Table("ID", "USER", "CREATED", "EXPIRES", "REVOKED");
            for (Token token : tokens.tokens()) {
                table.row(
                        Formats.orNone(token.id()),
                        Formats.orNone(token.user()),
                        Formats.age(token.createdAt(), now),
                        expiry(token.expiresAt(), now),
                        Formats.time(token.revokedAt()));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "revoke", description = {"Revoke a token: it stops working at once",
            "--user NAME --all revokes every token of a user (yours, or anyone's: admin)"},
            mixinStandardHelpOptions = true)
    static final class RevokeToken implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "Token id, as `slipway token list` shows it")
        String id;

        @Option(names = "--user", paramLabel = "NAME", description = "With --all: whose tokens")
        String user;

        @Option(names = "--all", description = "Revoke every token of --user (e.g. when one may have leaked)")
        boolean all;

        @Override
        public Integer call() {
            if (id != null && (all || user != null)) {
                throw new ParameterException(spec.commandLine(), "give a token ID or --user NAME --all, not both");
            }
            if (id == null && !all) {
                throw new ParameterException(spec.commandLine(), "give the ID of the token to revoke (see `slipway "
                        + "token list`), or --user NAME --all to revoke all of a user's tokens");
            }
            if (user == null && all) {
                throw new ParameterException(spec.commandLine(), "--all needs --user NAME: whose tokens to revoke");
            }
            ApiClient api = global.api();
            if (all) {
                return revokeAll(api);
            }
            Token token = api.read(api.delete("/api/v1/tokens/" + ApiClient.segment(id)), Token.class);
            global.out().println("Revoked token " + Formats.orNone(token.id()) + " of " + Formats.orNone(token.user()));
            return 0;
        }

        private int revokeAll(ApiClient api) {
            RevokedTokens revoked = api.read(api.delete("/api/v1/users/" + ApiClient.segment(user) + "/tokens"),
                    RevokedTokens.class);
            List<String> ids = revoked.revoked().stream().map(t -> Formats.orNone(t.id())).toList();
            global.out().println(ids.isEmpty() ? user + " had no tokens left to revoke"
                    : "Revoked " + ids.size() + " token" + (ids.size() == 1 ? "" : "s") + " of " + user + ": "
                    + String.join(", ", ids));
            return 0;
        }
    }

    static String expiry(String expiresAt) {
        return expiresAt == null ? NEVER : Formats.time(expiresAt);
    }

    /** As above, and marked when already past, so that a list shows at a glance which tokens still work. */
    static String expiry(String expiresAt, Instant now) {
        Instant at = Formats.instant(expiresAt);
        return at != null && !at.isAfter(now) ? expiry(expiresAt) + " (expired)" : expiry(expiresAt);
    }
}
