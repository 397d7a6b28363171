package dev.slipway.forge;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.app.App;
import dev.slipway.app.AppName;
import dev.slipway.app.Apps;
import dev.slipway.app.GitRepositories;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code slipway app create NAME --from URL}: an app whose branches and tags come from a repository on a forge. The
 * repository is read with the given credentials before anything is stored; then the app, its upstream and its
 * credentials (app-wide secrets) are recorded in one transaction, and the first look builds its branches.
 */
public final class Follows {
    private static final Logger log = LoggerFactory.getLogger(Follows.class);
    private static final Duration MIN_POLL = Duration.ofSeconds(1);
    private static final Duration MAX_POLL = Duration.ofDays(1);

    /** What the admin asked for; absent options take the defaults {@link #create} explains. */
    public record Request(String app, String url, Optional<Forge> forge, Optional<String> apiUrl,
                          Optional<String> branchFilter, Optional<String> knownHosts, Optional<Duration> pollInterval,
                          Optional<Boolean> reportStatuses, boolean reportDeployments, FollowCredentials credentials,
                          Optional<String> webhookSecret) {}

    /** The app, what it follows, and its webhook secret: shown this once, kept as a secret. */
    public record Followed(App app, Upstream upstream, String webhookSecret) {}

    private final Apps apps;
    private final GitRepositories git;
    private final UpstreamRepository upstreams;
    private final ForgeCredentials secrets;
    private final Mirrors mirrors;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Follows(Apps apps, GitRepositories git, UpstreamRepository upstreams, ForgeCredentials secrets,
                   Mirrors mirrors, Transactions transactions, Clock clock) {
        this.apps = apps;
        this.git = git;
        this.upstreams = upstreams;
        this.secrets = secrets;
        this.mirrors = mirrors;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The forge is taken from the host when not given (github.com, gitlab.com, codeberg.org); its API from the host
     * too. Statuses are reported when there is a forge and a token, unless asked otherwise; polling every 60 s.
     */
    public Followed create(String actor, Request r) {
        AppName.check(r.app()); // before anything: a failed create discards the repository by this name
        if (apps.exists(r.app())) {
            throw Problem.conflict("app '" + r.app() + "' already exists: choose another name");
        }
        String url = r.url().strip();
        RepositoryUrls.check(url);
        Optional<String> apiUrl = r.apiUrl().map(Follows::trimSlash);
        apiUrl.ifPresent(RepositoryUrls::checkApi);
        Optional<Forge> forge = r.forge().or(() -> forgeOfHost(host(url)));
        apiUrl = apiUrl.or(() -> forge.map(f -> defaultApi(f, host(url))));
        boolean statuses = r.reportStatuses().orElse(forge.isPresent() && r.credentials().token().isPresent());
        check(r, forge, statuses);
        Upstream upstream = new Upstream(r.app(), url, forge, apiUrl, r.branchFilter(), r.knownHosts(),
                r.pollInterval().orElse(Upstream.DEFAULT_POLL), statuses, r.reportDeployments(), clock.instant(), actor);
        mirrors.probe(upstream, r.credentials());
        String webhookSecret = r.webhookSecret().filter(s -> !s.isBlank()).orElseGet(this::newSecret);
        App app;
        try {
            app = transactions.inTransaction(() -> {
                App created = apps.create(actor, r.app());
                upstreams.create(upstream);
                r.credentials().token().ifPresent(t -> secrets.store(actor, r.app(), ForgeCredentials.TOKEN, t));
                r.credentials().sshKey().ifPresent(k -> secrets.store(actor, r.app(), ForgeCredentials.SSH_KEY, k));
                secrets.store(actor, r.app(), ForgeCredentials.WEBHOOK_SECRET, webhookSecret);
                return created;
            });
        } catch (RuntimeException e) {
            if (!(e instanceof Problem p && p.kind() == Problem.Kind.CONFLICT)) {
                git.discard(r.app());
            }
            throw e;
        }
        mirrors.look(r.app()).whenComplete((line, e) -> {
            if (e != null) {
                log.warn("{}: the first look at {} failed; polling tries again: {}", r.app(), r.url(), e.getMessage());
            }
        });
        return new Followed(app, upstream, webhookSecret);
    }

    private static void check(Request r, Optional<Forge> forge, boolean statuses) {
        r.pollInterval().ifPresent(every -> {
            if (every.compareTo(MIN_POLL) < 0 || every.compareTo(MAX_POLL) > 0) {
                throw Problem.invalid("--poll-interval " + every.toSeconds() + "s is out of range: poll between every "
                        + "1s and every 24h (default 60s)");
            }
        });
        BranchFilter.of(r.branchFilter()); // refused here, before anything is stored, if it does not compile
        if (statuses && forge.isEmpty()) {
            throw Problem.invalid("statuses can only be reported to a forge: give --forge github|gitlab|gitea "
                    + "(and --api-url for a self-hosted one), or leave out --report-statuses");
        }
        if (statuses && r.credentials().token().isEmpty()) {
            throw Problem.invalid("reporting statuses needs a token that may write them: give --token-file FILE");
        }
        if (r.reportDeployments() && forge.filter(f -> f == Forge.GITHUB).isEmpty()) {
            throw Problem.invalid("--report-deployments: only GitHub has deployments Slipway reports to; "
                    + "GitLab and Gitea get commit statuses");
        }
        int least = ForgeCredentials.MIN_WEBHOOK_SECRET;
        r.webhookSecret().filter(secret -> !secret.isBlank() && secret.strip().length() < least).ifPresent(secret -> {
            throw Problem.invalid("--webhook-secret-file: the secret has " + secret.strip().length() + " characters; "
                    + "give at least " + least + " (anyone who guesses it can sign deliveries), or leave it out and "
                    + "Slipway makes one");
        });
        if (r.credentials().token().isPresent() && r.credentials().sshKey().isPresent()) {
            throw Problem.invalid("give a token (for an https:// URL) or an SSH key (for ssh://), not both");
        }
    }

    static Optional<Forge> forgeOfHost(String host) {
        return switch (host) {
            case "github.com" -> Optional.of(Forge.GITHUB);
            case "gitlab.com" -> Optional.of(Forge.GITLAB);
            case "codeberg.org", "gitea.com" -> Optional.of(Forge.GITEA);
            default -> Optional.empty();
        };
    }

    /** github.com's API has a host of its own; GitHub Enterprise, GitLab and Gitea serve theirs under a path. */
    static String defaultApi(Forge forge, String host) {
        return switch (forge) {
            case GITHUB -> "github.com".equals(host) ? "https://api.github.com" : "https://" + host + "/api/v3";
            case GITLAB -> "https://" + host + "/api/v4";
            case GITEA -> "https://" + host + "/api/v1";
        };
    }

    private static String host(String url) {
        String key = RepositoryUrls.key(url);
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    private static String trimSlash(String url) {
        return url.strip().replaceAll("/+$", "");
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
