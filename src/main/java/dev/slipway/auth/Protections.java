package dev.slipway.auth;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.app.AppRepository;
import dev.slipway.audit.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An admin's word on which environments are protected (`slipway protect` / `unprotect`); {@link Access#decide}
 * applies it. Changing a protected environment needs a releaser instead of a deployer.
 */
public final class Protections {
    /** Protected unless an admin says otherwise, whatever a pipeline file says. */
    public static final String ALWAYS = "production";
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final ProtectionRepository protections;
    private final AppRepository apps;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public Protections(ProtectionRepository protections, AppRepository apps, Transactions transactions, AuditLog audit,
                       Clock clock) {
        this.protections = protections;
        this.apps = apps;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records an admin's word (the door has checked the role); audited in the same transaction. */
    public Protection set(String actor, String app, String environment, boolean isProtected) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw Problem.invalid("'" + environment + "' is not an environment name: lower-case letters, digits and "
                    + "'-', at most 40, as in the pipeline file");
        }
        return transactions.inTransaction(() -> {
            if (apps.find(app).isEmpty()) {
                throw Problem.notFound("app '" + app + "' does not exist: see `slipway app list`");
            }
            Optional<Protection> before = protections.find(app, environment);
            Protection protection = new Protection(app, environment, isProtected, actor, clock.instant());
            protections.put(protection);
            audit.record(actor, isProtected ? "environment.protected" : "environment.unprotected", app,
                    "environment " + environment, before.map(Protections::describe).orElse(null), describe(protection));
            return protection;
        });
    }

    public List<Protection> of(String app) {
        return protections.of(app);
    }

    private static String describe(Protection p) {
        return p.isProtected() ? "protected" : "unprotected";
    }
}
