package dev.slipway.target;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.app.AppRepository;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An admin's word on where apps run: targets (`slipway target add|remove|label`) and which app environments they
 * serve (`slipway target bind|unbind`). Pointing Slipway at a machine is an operator's decision, so every change
 * needs an admin on every app and is audited; a pipeline file may only narrow what is bound here.
 */
public final class Targets {
    /** The pipeline file's rule for environment names. */
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** A kubeconfig is sealed under its own name space: a TLS key sealed for the same name does not open as one. */
    private static final String KUBECONFIG_PREFIX = "kubeconfig/";

    private final TargetRepository targets;
    private final TargetKeySeal keys;
    private final AppRepository apps;
    private final Access access;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public Targets(TargetRepository targets, TargetKeySeal keys, AppRepository apps, Access access,
                   Transactions transactions, AuditLog audit, Clock clock) {
        this.targets = targets;
        this.keys = keys;
        this.apps = apps;
        this.access = access;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public Target add(Principal who, NewTarget request) {
        requireAdmin(who);
        String name = TargetRules.name(request.name());
        TargetKind kind = TargetKind.parse(request.kind());
        Target target = kind == TargetKind.KUBERNETES ? cluster(who, name, request) : engine(who, name, kind, request);
        transactions.run(() -> {
            if (!targets.create(target)) {
                throw Problem.conflict("target '" + name + "' exists already: `slipway target show " + name
                        + "` shows it; remove it first (`slipway target remove " + name + "`) or choose another name");
            }
            audit.record(who.user(), "target.added", null, "target " + name, null, describe(target));
        });
        return target;
    }

    private Target engine(Principal who, String name, TargetKind kind, NewTarget request) {
        if (request.cluster().isPresent()) {
            throw Problem.invalid("target '" + name + "' is a " + kind.text() + " engine: --kubeconfig, --context, "
                    + "--in-cluster and --namespace are for kubernetes targets (--kubernetes)");
        }
        String endpoint = TargetRules.endpoint(request.endpoint());
        return new Target(name, kind, endpoint, tls(name, endpoint, request), request.insecure(),
                TargetRules.labels(request.labels()), clock.instant(), who.user());
    }

    /** Checked, then tried (refused when Slipway cannot work in its namespace), then its kubeconfig sealed. */
    private Target cluster(Principal who, String name, NewTarget request) {
        String what = "target '" + name + "'";
        boolean dockerOptions = request.endpoint() != null || request.tlsCa().isPresent() || request.tlsCert()
                .isPresent() || request.tlsKey().isPresent() || request.insecure();
        ClusterRules.Checked checked = ClusterRules.check(what, request.cluster(), dockerOptions);
        var labels = TargetRules.labels(request.labels());
        ClusterRules.requireReachable(what, new TargetConnection(name, TargetKind.KUBERNETES, checked.endpoint(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(checked.cluster())));
        return new Target(name, TargetKind.KUBERNETES, checked.endpoint(), Optional.empty(), false, labels,
                clock.instant(), who.user(), Optional.of(ClusterRules.seal(checked.cluster(), text -> keys.seal(
                KUBECONFIG_PREFIX + name, text))));
    }

    /**
     * unix:// is this host's socket, reached without TLS. tcp:// needs all three TLS files — an engine on a TCP port
     * without client certificates runs anything for anyone who reaches it — unless the admin said --insecure.
     */
    private Optional<TargetTls> tls(String name, String endpoint, NewTarget r) {
        return TargetRules.tls("target '" + name + "'", endpoint, r.tlsCa(), r.tlsCert(), r.tlsKey(), r.insecure(),
                key -> keys.seal(name, key));
    }

    public List<Target> list(Principal who) {
        requireAdmin(who);
        return targets.all();
    }

    public TargetDetail show(Principal who, String name) {
        requireAdmin(who);
        Target target = existing(name);
        return new TargetDetail(target, covering(target));
    }

    /** Refused while any binding covers the target: the environments it serves would lose it without a word. */
    public void remove(Principal who, String name) {
        requireAdmin(who);
        transactions.run(() -> {
            Target target = existing(name);
            List<TargetBinding> bound = covering(target);
            if (!bound.isEmpty()) {
                throw Problem.conflict("target '" + name + "' is bound: " + String.join("; ", bound.stream()
                        .map(b -> b.label() + " (`slipway target unbind " + b.selector().argument() + " --app "
                                + b.app() + " --env " + b.environment() + "`"
                                + (b.selector() instanceof TargetSelector.Labelled l ? " or `slipway target label remove "
                                + name + " " + l.key() + "`" : "") + ")").toList())
                        + "; unbind it first");
            }
            targets.remove(name);
            audit.record(who.user(), "target.removed", null, "target " + name, describe(target), null);
        });
    }

    /** Sets a label ({@code key=value}); label bindings start or stop covering the target at once. */
    public Target label(Principal who, String name, String label) {
        requireAdmin(who);
        TargetSelector.Labelled l = TargetRules.label(label);
        return transactions.inTransaction(() -> {
            Target before = existing(name);
            targets.putLabel(name, l.key(), l.value());
            audit.record(who.user(), "target.labelled", null, "target " + name, before.labelText(), existing(name)
                    .labelText());
            return existing(name);
        });
    }

    public Target unlabel(Principal who, String name, String key) {
        requireAdmin(who);
        TargetRules.labelKey(key);
        return transactions.inTransaction(() -> {
            Target before = existing(name);
            if (!targets.removeLabel(name, key)) {
                throw Problem.notFound("target '" + name + "' has no label '" + key + "' (its labels: "
                        + (before.labels().isEmpty() ? "none" : before.labelText()) + ")");
            }
            Target after = existing(name);
            audit.record(who.user(), "target.unlabelled", null, "target " + name, before.labelText(), after.labelText());
            return after;
        });
    }

    /** Binds the environment to a target by name, or to every target with a label (also those labelled later). */
    public TargetBinding bind(Principal who, String app, String environment, TargetSelector selector) {
        requireAdmin(who);
        TargetSelector checked = checkSelector(selector);
        return transactions.inTransaction(() -> {
            checkPlace(app, environment);
            if (checked instanceof TargetSelector.Named named) {
                existing(named.target());
            }
            TargetBinding binding = new TargetBinding(app, environment, checked, clock.instant(), who.user());
            if (!targets.bind(binding)) {
                throw Problem.conflict(binding.label() + " is bound already; `slipway target show` lists bindings");
            }
            audit.record(who.user(), "target.bound", app, "environment " + environment, null, checked.text());
            return binding;
        });
    }

    public void unbind(Principal who, String app, String environment, TargetSelector selector) {
        requireAdmin(who);
        TargetSelector checked = checkSelector(selector);
        transactions.run(() -> {
            checkPlace(app, environment);
            if (!targets.unbind(app, environment, checked)) {
                throw Problem.notFound(app + "/" + environment + " is not bound to " + checked.text() + " (bound: "
                        + describe(targets.bindings(app, environment)) + ")");
            }
            audit.record(who.user(), "target.unbound", app, "environment " + environment, checked.text(), null);
        });
    }

    /** The environment's bindings, for an admin. */
    public List<TargetBinding> bindings(Principal who, String app, String environment) {
        requireAdmin(who);
        return targets.bindings(app, environment);
    }

    /**
     * The targets bound to the environment now: named ones and every target carrying a bound label, by name. Empty:
     * nothing is bound, the environment runs on the local target. Server-side; no caller to check.
     */
    public List<Target> targetsFor(String app, String environment) {
        List<TargetBinding> bindings = targets.bindings(app, environment);
        if (bindings.isEmpty()) {
            return List.of();
        }
        return targets.all().stream().filter(t -> bindings.stream().anyMatch(b -> b.selector().covers(t))).toList();
    }

    /** Every registered target; server-side (the reconciler looks for containers on each), no caller to check. */
    public List<Target> all() {
        return targets.all();
    }

    /**
     * Whether the target serves the app now: an environment of the app is bound to it, by name or by a label it
     * carries. What its engine may pull from Slipway's registry; server-side, no caller to check.
     */
    public boolean serves(String target, String app) {
        Optional<Target> t = targets.find(target);
        return t.isPresent() && targets.allBindings().stream()
                .anyMatch(b -> b.app().equals(app) && b.selector().covers(t.get()));
    }

    /** How to reach a target's engine or cluster, with its client key or kubeconfig opened; server-side only. */
    public TargetConnection connection(String name) {
        Target t = existing(name);
        return new TargetConnection(t.name(), t.kind(), t.endpoint(), t.tls().map(TargetTls::caPem),
                t.tls().map(TargetTls::certPem), t.tls().map(tls -> keys.open(t.name(), tls.sealedKey())),
                t.cluster().map(c -> ClusterRules.open(c, sealed -> keys.open(KUBECONFIG_PREFIX + t.name(), sealed))));
    }

    /** A binding names a target or a label; turns the API's two fields into one. */
    public static TargetSelector selector(String target, String label) {
        if ((target == null) == (label == null)) {
            throw Problem.invalid("name a target or a label, not " + (target == null ? "neither" : "both")
                    + ": `slipway target bind prod-a --app web --env production` or `slipway target bind --label "
                    + "site=ka --app web --env production`");
        }
        return target != null ? new TargetSelector.Named(target) : TargetRules.label(label);
    }

    private static TargetSelector checkSelector(TargetSelector selector) {
        return selector instanceof TargetSelector.Named n ? new TargetSelector.Named(TargetRules.name(n.target()))
                : TargetRules.label(selector.text());
    }

    private void checkPlace(String app, String environment) {
        if (apps.find(app).isEmpty()) {
            throw Problem.notFound("app '" + app + "' does not exist: see `slipway app list`");
        }
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw Problem.invalid("'" + environment + "' is not an environment name: lower-case letters, digits and "
                    + "'-', at most 40, as in the pipeline file");
        }
    }

    private Target existing(String name) {
        return targets.find(TargetRules.name(name)).orElseThrow(() -> Problem.notFound("target '" + name
                + "' does not exist: `slipway target list` shows the targets"));
    }

    private List<TargetBinding> covering(Target target) {
        return targets.allBindings().stream().filter(b -> b.selector().covers(target)).toList();
    }

    private void requireAdmin(Principal who) {
        access.require(who, Role.ADMIN, null);
    }

    private static String describe(Target t) {
        return t.kind().text() + " " + t.endpoint() + (t.tls().isPresent() ? " tls" : t.insecure() ? " insecure" : "")
                + t.cluster().map(ClusterRules::describe).orElse("")
                + (t.labels().isEmpty() ? "" : " labels " + t.labelText());
    }

    private static String describe(List<TargetBinding> bindings) {
        return bindings.isEmpty() ? "nothing" : String.join(", ", bindings.stream().map(b -> b.selector().text()).toList());
    }
}
