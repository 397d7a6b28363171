package dev.slipway.environment;

import dev.slipway.Problem;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Read side of environments: status and history. */
public final class Environments {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Router router;
    private final ServiceConditions conditions;
    private final FleetStatus fleet;

    public Environments(EnvironmentRepository environments, DeploymentRepository deployments, Router router) {
        this(environments, deployments, router, new ServiceConditions());
    }

    /** {@code conditions}: what the {@link Supervisor} sees wrong with running services, shown with their status. */
    public Environments(EnvironmentRepository environments, DeploymentRepository deployments, Router router,
                        ServiceConditions conditions) {
        this(environments, deployments, router, conditions, null);
    }

    /** {@code fleet}: what each target of an environment on several was last seen running (null: none). */
    public Environments(EnvironmentRepository environments, DeploymentRepository deployments, Router router,
                        ServiceConditions conditions, FleetStatus fleet) {
        this.fleet = fleet;
        this.environments = environments;
        this.deployments = deployments;
        this.router = router;
        this.conditions = conditions;
    }

    /** Two reads however many environments the app has: the dashboard shows this for every app on one page. */
    public List<EnvironmentStatus> status(String app) {
        return status(environments.list(app), deployments.current(app));
    }

    /**
     * {@link #status(String)} of every app's fixed environments (its path: staging, production, ...), by app, in
     * two reads however many apps there are: the overview.
     */
    public Map<String, List<EnvironmentStatus>> pathsOfAll() {
        Map<String, List<Deployment>> current = deployments.currentOfFixed().stream()
                .collect(Collectors.groupingBy(Deployment::app));
        return environments.fixed().stream().collect(Collectors.groupingBy(Environment::app)).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> status(e.getValue(), current.getOrDefault(e.getKey(), List.of()))));
    }

    /**
     * How many of every app's per-branch environments are in each state ({@link EnvironmentStatus#state()}), by
     * app, in one read: what the overview shows of them while their group is folded.
     */
    public Map<String, Map<String, Integer>> branchStatesOfAll() {
        Map<String, Map<String, Integer>> byApp = new java.util.HashMap<>();
        for (DeploymentRepository.BranchEnvironments b : deployments.branchEnvironments()) {
            byApp.computeIfAbsent(b.app(), app -> new java.util.HashMap<>())
                    .merge(EnvironmentStatus.state(b.live(), b.latest()), b.count(), Integer::sum);
        }
        return byApp;
    }

    private List<EnvironmentStatus> status(List<Environment> all, List<Deployment> current) {
        Map<Long, Deployment> byId = current.stream().collect(Collectors.toMap(Deployment::id, d -> d));
        Map<String, List<Deployment>> byEnvironment = current.stream()
                .collect(Collectors.groupingBy(Deployment::environment));
        return all.stream().map(env -> new EnvironmentStatus(env,
                env.live().map(byId::get),
                newest(byEnvironment.get(env.name()), d -> true),
                router.url(env.port()),
                newest(byEnvironment.get(env.name()),
                        d -> d.state() == DeploymentState.READY || d.state() == DeploymentState.WARM
                                || EnvironmentStatus.startingBeside(d)),
                router.unavailable(env.port()),
                env.live().map(byId::get).flatMap(conditions::of),
                fleet == null ? List.of() : fleet.of(env.app(), env.name()))).toList();
    }

    private static Optional<Deployment> newest(List<Deployment> deployments, Predicate<Deployment> which) {
        return deployments == null ? Optional.empty()
                : deployments.stream().filter(which).max(Comparator.comparingLong(Deployment::id));
    }

    /** Newest first; a torn-down environment keeps its history (its last live deployment says why it was retired). */
    public List<Deployment> history(String app, String environment, int limit) {
        List<Deployment> history = deployments.history(app, environment, limit);
        if (history.isEmpty() && environments.find(app, environment).isEmpty()) {
            throw Problem.notFound("environment '" + environment + "' of app '" + app
                    + "' does not exist and never had a deployment: see `slipway status " + app + "`");
        }
        return history;
    }

    /** Every deployment made from one run's artifact, oldest first. */
    public List<Deployment> ofRun(String app, long run) {
        return deployments.ofRun(app, run);
    }

    /** One deployment of the environment (deployment ids are per app, so the environment must match too). */
    public Deployment deployment(String app, String environment, long id) {
        return deployments.find(app, id).filter(d -> d.environment().equals(environment))
                .orElseThrow(() -> Problem.notFound("deployment #" + id + " of environment '" + environment + "' of app '"
                        + app + "' does not exist: list them with GET /api/v1/apps/" + app + "/environments/"
                        + environment + "/deployments"));
    }
}
