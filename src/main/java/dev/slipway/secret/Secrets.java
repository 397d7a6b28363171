package dev.slipway.secret;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Principal;
import dev.slipway.forge.ForgeCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use cases on secrets. A value goes in through {@link #set} and comes out only as a service's environment
 * ({@link #valuesFor}) — never through the API, the audit log, a log line or an error message, which is why no
 * message below quotes one.
 *
 * <p>Secrets belong to the pipeline file's environment name: {@code dev}'s secrets reach every {@code dev-<branch>}.
 * The environment need not be in a pipeline file yet, so secrets can be set before the first push.
 *
 * <p>App-wide secrets ({@link #setAppWide}) belong to the app, in no environment: credentials Slipway uses on the
 * app's behalf (an external registry's login), read server-side with {@link #appWide} and never given to a service.
 * Since they serve every environment, production included, setting one needs what a production secret needs.
 */
public final class Secrets {
    private static final Logger log = LoggerFactory.getLogger(Secrets.class);
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The pipeline file's rule for environment names. */
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String RESERVED_PREFIX = "SLIPWAY_";
    private static final String PORT = "PORT";

    private final SecretRepository repository;
    private final SecretBox box;
    private final SecretPolicy policy;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public Secrets(SecretRepository repository, SecretBox box, SecretPolicy policy, Transactions transactions,
                   AuditLog audit, Clock clock) {
        this.repository = repository;
        this.box = box;
        this.policy = policy;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Sets or replaces the value; the service gets it at its next start (deploy or restart). */
    public void set(Principal actor, String app, String environment, String name, String value) {
        policy.requireMaySet(actor, app, environment);
        SecretId id = id(app, environment, name);
        checkValue(id.label(), "slipway secret set " + id.app() + " " + id.environment() + " " + id.name(), value);
        String sealed = box.seal(id, value);
        transactions.run(() -> {
            Optional<StoredSecret> before = repository.find(id);
            repository.put(new StoredSecret(id, sealed, clock.instant(), actor.user()));
            audit.record(actor.user(), "secret.set", app, id.label(),
                    before.map(s -> "set by " + s.updatedBy() + " at " + s.updatedAt()).orElse(null), "set");
        });
    }

    /** The names set for the environment, sorted; never their values. */
    public List<String> names(String app, String environment) {
        checkEnvironment(environment);
        return repository.of(app, environment).stream().map(s -> s.id().name()).sorted().toList();
    }

    /** Name → value for a service of the environment; throws, naming it, when one cannot be decrypted. */
    public Map<String, String> valuesFor(String app, String environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StoredSecret secret : repository.of(app, environment)) {
            values.put(secret.id().name(), box.open(secret.id(), secret.ciphertext()));
        }
        return values;
    }

    /**
     * Hides every secret value of the app, in every environment and app-wide: a log line does not say which one it is from. A
     * value that cannot be decrypted cannot be hidden either; it is left out, with a warning, so that one bad row
     * does not stop every job and log of the app (the deployment that needs it fails, naming it).
     */
    public Masker masker(String app) {
        List<String> values = new ArrayList<>();
        for (StoredSecret secret : repository.of(app)) {
            try {
                values.add(box.open(secret.id(), secret.ciphertext()));
            } catch (UnreadableSecretException e) {
                log.warn("{}; until then its value is not hidden in logs", e.getMessage());
            }
        }
        for (StoredAppSecret secret : repository.appWide(app)) {
            try {
                values.add(box.open(secret.id(), secret.ciphertext()));
            } catch (UnreadableSecretException e) {
                log.warn("{}; until then its value is not hidden in logs", e.getMessage());
            }
        }
        return Masker.of(values);
    }

    /** Sets or replaces an app-wide secret; Slipway reads it the next time it needs it. */
    public void setAppWide(Principal actor, String app, String name, String value) {
        policy.requireMaySetAppWide(actor, app);
        AppSecretId id = new AppSecretId(app, checkName(name));
        checkValue(id.label(), "slipway secret set " + app + " " + name + " --app-wide", value);
        if (name.equals(ForgeCredentials.WEBHOOK_SECRET)
                && value.strip().length() < ForgeCredentials.MIN_WEBHOOK_SECRET) {
            throw Problem.invalid("the value of secret " + id.label() + " has " + value.strip().length()
                    + " characters; a webhook secret needs at least " + ForgeCredentials.MIN_WEBHOOK_SECRET
                    + " (anyone who guesses it can sign deliveries)");
        }
        String sealed = box.seal(id, value);
        transactions.run(() -> {
            Optional<StoredAppSecret> before = repository.findAppWide(id);
            repository.putAppWide(new StoredAppSecret(id, sealed, clock.instant(), actor.user()));
            audit.record(actor.user(), "secret.set", app, id.label(),
                    before.map(s -> "set by " + s.updatedBy() + " at " + s.updatedAt()).orElse(null), "set");
        });
    }

    /** The app's app-wide secret names, sorted; never their values. */
    public List<String> appWideNames(String app) {
        return repository.appWide(app).stream().map(s -> s.id().name()).toList();
    }

    /** Removes an app-wide secret; whoever may set it may remove it. */
    public void removeAppWide(Principal actor, String app, String name) {
        policy.requireMaySetAppWide(actor, app);
        AppSecretId id = new AppSecretId(app, checkName(name));
        transactions.run(() -> {
            Optional<StoredAppSecret> before = repository.findAppWide(id);
            if (before.isEmpty() || !repository.removeAppWide(id)) {
                throw Problem.notFound("app '" + app + "' has no app-wide secret " + name + "; `slipway secret list "
                        + app + " --app-wide` lists them");
            }
            audit.record(actor.user(), "secret.removed", app, id.label(),
                    "set by " + before.get().updatedBy() + " at " + before.get().updatedAt(), "removed");
        });
    }

    /**
     * The plain value of an app-wide secret, for Slipway's own use (a registry login); never for a response or a log.
     *
     * @throws Problem not found, saying how to set it
     * @throws UnreadableSecretException when it does not open with this server's key
     */
    public String appWide(String app, String name) {
        AppSecretId id = new AppSecretId(app, name);
        StoredAppSecret secret = repository.findAppWide(id).orElseThrow(() -> Problem.notFound("app-wide secret "
                + name + " of app '" + app + "' is not set: set it with `slipway secret set " + app + " " + name
                + " --app-wide` (the value is read from stdin)"));
        return box.open(id, secret.ciphertext());
    }

    private static SecretId id(String app, String environment, String name) {
        checkEnvironment(environment);
        return new SecretId(app, environment, checkName(name));
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Problem.invalid("secret name '" + name + "' is not allowed: it becomes an environment variable, so use "
                    + "letters, digits and '_', not starting with a digit (e.g. API_KEY)");
        }
        if (name.equals(PORT) || name.startsWith(RESERVED_PREFIX)) {
            throw Problem.invalid("secret name '" + name + "' is reserved: Slipway sets PORT and SLIPWAY_* for the "
                    + "service itself; choose another name");
        }
        return name;
    }

    private static void checkEnvironment(String environment) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw Problem.invalid("environment name '" + environment + "' is not allowed: use the pipeline file's "
                    + "name, 1 to 40 lowercase letters, digits and '-' (secrets of 'dev' reach every dev-<branch>)");
        }
    }

    /** Says what is wrong with a value without ever quoting it. */
    private static void checkValue(String label, String command, String value) {
        if (value == null || value.isEmpty()) {
            throw Problem.invalid("the value of secret " + label + " is empty: give the value on stdin or with "
                    + "--value-file (`" + command + "`)");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw Problem.invalid("the value of secret " + label + " is " + bytes + " bytes; at most "
                    + MAX_VALUE_BYTES + " (64 KiB) are allowed");
        }
        if (value.indexOf('\0') >= 0) {
            throw Problem.invalid("the value of secret " + label + " contains a NUL character, which an "
                    + "environment variable cannot hold");
        }
    }
}
