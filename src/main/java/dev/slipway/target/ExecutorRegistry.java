package dev.slipway.target;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An admin's word on where {@code container:} jobs run: the Docker engines and Kubernetes clusters (jobs as pods)
 * added with {@code slipway executor add|remove}, a cluster checked by the same {@link ClusterRules} as a target.
 * Handing a build's code and its secrets to a machine is an operator's decision, so every change needs an admin on
 * every app and is audited ({@code executor.*}); the client key and the kubeconfig are sealed as a target's are. With
 * several executors, jobs run on the first by name (a Docker engine: as containers; a cluster: as pods); with none, a
 * {@code container:} job fails, naming the command that adds one.
 */
public final class ExecutorRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Sealed under its own name space: a target's sealed key copied onto an executor of the same name does not open. */
    private static final String SEAL_PREFIX = "executor/";
    private static final String KUBECONFIG_PREFIX = "executor-kubeconfig/";

    private final ExecutorRepository executors;
    private final TargetKeySeal keys;
    private final Access access;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public ExecutorRegistry(ExecutorRepository executors, TargetKeySeal keys, Access access, Transactions transactions,
                            AuditLog audit, Clock clock) {
        this.executors = executors;
        this.keys = keys;
        this.access = access;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public Executor add(Principal who, NewExecutor request) {
        requireAdmin(who);
        String name = name(request.name());
        TargetKind kind = TargetKind.parse(request.kind());
        Executor executor = kind == TargetKind.KUBERNETES ? cluster(who, name, request) : engine(who, name, request);
        transactions.run(() -> {
            if (!executors.create(executor)) {
                throw Problem.conflict("executor '" + name + "' exists already: `slipway executor list` shows it; "
                        + "remove it first (`slipway executor remove " + name + "`) or choose another name");
            }
            audit.record(who.user(), "executor.added", null, "executor " + name, null, describe(executor));
        });
        return executor;
    }

    private Executor engine(Principal who, String name, NewExecutor request) {
        if (request.cluster().isPresent()) {
            throw Problem.invalid("executor '" + name + "' is a Docker engine: --kubeconfig, --context, --in-cluster "
                    + "and --namespace are for kubernetes executors (--kubernetes)");
        }
        String endpoint = TargetRules.endpoint(request.endpoint());
        return new Executor(name, endpoint, tls(name, endpoint, request), request.insecure(), clock.instant(),
                who.user());
    }

    /** As for a kubernetes target: checked, tried, then its kubeconfig sealed. */
    private Executor cluster(Principal who, String name, NewExecutor request) {
        String what = "executor '" + name + "'";
        boolean dockerOptions = request.endpoint() != null || request.tlsCa().isPresent() || request.tlsCert()
                .isPresent() || request.tlsKey().isPresent() || request.insecure();
        ClusterRules.Checked checked = ClusterRules.check(what, request.cluster(), dockerOptions);
        ClusterRules.requireReachable(what, new TargetConnection(name, TargetKind.KUBERNETES, checked.endpoint(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(checked.cluster())));
        return new Executor(name, TargetKind.KUBERNETES, checked.endpoint(), Optional.empty(), false, clock.instant(),
                who.user(), Optional.of(ClusterRules.seal(checked.cluster(), text -> keys.seal(KUBECONFIG_PREFIX + name,
                text))));
    }

    public List<Executor> list(Principal who) {
        requireAdmin(who);
        return executors.all();
    }

    /** Jobs running there now run on; later {@code container:} jobs go to the next executor, or fail without one. */
    public void remove(Principal who, String name) {
        requireAdmin(who);
        transactions.run(() -> {
            Executor executor = executors.find(name(name)).orElseThrow(() -> Problem.notFound("executor '" + name
                    + "' does not exist: `slipway executor list` shows the executors"));
            executors.remove(executor.name());
            audit.record(who.user(), "executor.removed", null, "executor " + name, describe(executor), null);
        });
    }

    /**
     * Where the next {@code container:} job runs as a container, with its client key opened: the first Docker
     * executor by name; empty: none. Server-side only.
     */
    public Optional<TargetConnection> forJobs() {
        return forJobs(TargetKind.DOCKER);
    }

    /**
     * Where the next {@code container:} job runs, its key or kubeconfig opened: the first executor by name, whatever
     * its kind (a Docker engine runs it as a container, a cluster as a pod); empty: none.
     */
    public Optional<TargetConnection> first() {
        return executors.all().stream().findFirst().map(this::connection);
    }

    /** Every Kubernetes executor's connection, its kubeconfig opened: where a restarted server looks for job pods. */
    public List<TargetConnection> clusters() {
        return executors.all().stream().filter(e -> e.kind() == TargetKind.KUBERNETES).map(this::connection).toList();
    }

    /** The first executor of {@code kind} by name (Docker engine or cluster), its key or kubeconfig opened. */
    public Optional<TargetConnection> forJobs(TargetKind kind) {
        return executors.all().stream().filter(e -> e.kind() == kind).findFirst().map(this::connection);
    }

    /**
     * Every Docker executor's connection, keys opened: where a restarted server looks for job containers a crash
     * left. Clusters' pods are their own executor's to find.
     */
    public List<TargetConnection> connections() {
        return executors.all().stream().filter(e -> e.kind() == TargetKind.DOCKER).map(this::connection).toList();
    }

    private TargetConnection connection(Executor e) {
        return new TargetConnection(e.name(), e.kind(), e.endpoint(), e.tls().map(TargetTls::caPem),
                e.tls().map(TargetTls::certPem), e.tls().map(tls -> keys.open(SEAL_PREFIX + e.name(), tls.sealedKey())),
                e.cluster().map(c -> ClusterRules.open(c, sealed -> keys.open(KUBECONFIG_PREFIX + e.name(), sealed))));
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("executor name is missing: give a name like 'builds' (lower-case letters, digits "
                    + "and '-')");
        }
        if (!NAME.matcher(name).matches()) {
            throw Problem.invalid("executor name '" + name + "' is not valid: use 1-63 characters of a-z, 0-9 and "
                    + "'-', starting with a letter or digit");
        }
        return name;
    }

    /** As for targets: a unix socket without TLS; tcp:// with all three TLS files, or --insecure said explicitly. */
    private Optional<TargetTls> tls(String name, String endpoint, NewExecutor r) {
        return TargetRules.tls("executor '" + name + "'", endpoint, r.tlsCa(), r.tlsCert(), r.tlsKey(), r.insecure(),
                key -> keys.seal(SEAL_PREFIX + name, key));
    }

    private void requireAdmin(Principal who) {
        access.require(who, Role.ADMIN, null);
    }

    private static String describe(Executor e) {
        return e.kind().text() + " " + e.endpoint() + (e.tls().isPresent() ? " tls" : e.insecure() ? " insecure" : "")
                + e.cluster().map(ClusterRules::describe).orElse("");
    }
}
