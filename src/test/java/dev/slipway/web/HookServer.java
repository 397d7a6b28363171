package dev.slipway.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.slipway.app.Apps;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Bootstrap;
import dev.slipway.auth.TokenLifetimes;
import dev.slipway.forge.Forge;
import dev.slipway.forge.ForgeCredentials;
import dev.slipway.forge.ForgeLinks;
import dev.slipway.forge.Mirrors;
import dev.slipway.forge.PushHint;
import dev.slipway.forge.Upstream;
import dev.slipway.forge.Webhooks;
import dev.slipway.git.GitStore;
import dev.slipway.secret.ForgeSecrets;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretKeyFile;
import dev.slipway.secret.SecretPolicy;
import dev.slipway.secret.Secrets;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlForgeLoginRepository;
import dev.slipway.store.SqlGrantRepository;
import dev.slipway.store.SqlHookDeliveryRepository;
import dev.slipway.store.SqlProtectionRepository;
import dev.slipway.store.SqlSecretRepository;
import dev.slipway.store.SqlTokenRepository;
import dev.slipway.store.SqlUpstreamRepository;
import dev.slipway.store.SqlUserRepository;
import dev.slipway.web.api.AccountsApi;
import dev.slipway.web.api.HooksApi;
import dev.slipway.web.api.UserLinksApi;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lightest real server for the webhook routes: Javalin on 127.0.0.1 with the real door ({@link Routes}), error
 * mapping, SQLite store, sealed secrets and accounts, the hooks, links and accounts APIs, and a mirror that records
 * the hints it is given (completing each with the line the test sets) in place of the git mirror.
 */
final class HookServer implements AutoCloseable {
    static final String ADMIN = "slw_hookadmin000.hook-admin-token-with-enough-entropy-0123456789";

    /** The mirror's stand-in: what it was told, and what it answers. */
    static final class RecordingMirrors implements Mirrors {
        final List<PushHint> hints = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<String> next = CompletableFuture.completedFuture("run #1 started for main");

        @Override
        public CompletableFuture<String> hinted(PushHint hint) {
            hints.add(hint);
            return next;
        }

        @Override
        public CompletableFuture<String> look(String app) {
            throw new UnsupportedOperationException("the webhook routes only hint");
        }

        @Override
        public void probe(Upstream upstream, dev.slipway.forge.FollowCredentials credentials) {
            throw new UnsupportedOperationException("the webhook routes create nothing");
        }
    }

    final RecordingMirrors mirrors = new RecordingMirrors();
    private final Database db;
    private final GitStore git;
    private final Javalin javalin;
    private final Apps apps;
    private final ForgeCredentials credentials;
    private final SqlUpstreamRepository upstreams;

    HookServer(Path data) {
        Clock clock = Clock.systemUTC();
        db = Database.open(Database.sqliteUrl(data));
        git = new GitStore(data.resolve("repos"));
        AuditLog audit = new AuditLog(new SqlAuditRepository(db), clock);
        SqlUserRepository users = new SqlUserRepository(db);
        SqlTokenRepository tokens = new SqlTokenRepository(db);
        SqlGrantRepository grants = new SqlGrantRepository(db);
        SqlAppRepository appRows = new SqlAppRepository(db);
        Access access = new Access(grants, new SqlProtectionRepository(db));
        Accounts accounts = new Accounts(users, tokens, grants, appRows, db, audit, clock,
                new TokenLifetimes(Duration.ofDays(1), access, tokens));
        new Bootstrap(accounts, users, db).ensureAdmin(data, Optional.of(ADMIN));
        apps = new Apps(appRows, git, db, audit, clock);
        Secrets secrets = new Secrets(new SqlSecretRepository(db), new SecretBox(SecretKeyFile.loadOrCreate(data)),
                new SecretPolicy(access, (app, env) -> false), db, audit, clock);
        credentials = new ForgeSecrets(secrets);
        upstreams = new SqlUpstreamRepository(db);
        ForgeLinks links = new ForgeLinks(new SqlForgeLoginRepository(db), users, db, audit, clock);
        SqlHookDeliveryRepository deliveries = new SqlHookDeliveryRepository(db);
        Webhooks webhooks = new Webhooks(upstreams, credentials, deliveries, links, mirrors, clock);
        Authenticator authenticator = new Authenticator(tokens, clock);
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            Routes routes = new Routes(cfg.routes, authenticator, access);
            new HooksApi(apps, webhooks, deliveries).register(routes);
            new UserLinksApi(links).register(routes);
            new AccountsApi(accounts, access).register(routes);
            Errors.register(cfg.routes, new Errors.Html() {
                @Override
                public boolean wanted(io.javalin.http.Context ctx) {
                    return false;
                }

                @Override
                public void send(io.javalin.http.Context ctx, int status, String message) {
                    throw new UnsupportedOperationException("no pages here");
                }
            });
        });
        javalin.start();
    }

    String url() {
        return "http://127.0.0.1:" + javalin.port();
    }

    /** An app following {@code url} on {@code forge} (empty: a plain git server), signed with {@code secret}. */
    void follow(String app, String url, Optional<Forge> forge, String secret) {
        apps.create("admin", app);
        upstreams.create(new Upstream(app, url, forge, Optional.empty(), Optional.empty(), Optional.empty(),
                Upstream.DEFAULT_POLL, false, false, Instant.now(), "admin"));
        if (secret != null) {
            credentials.store("admin", app, ForgeCredentials.WEBHOOK_SECRET, secret);
        }
    }

    /** Sets (or replaces) the app's webhook secret, as `slipway secret set APP FORGE_WEBHOOK_SECRET --app-wide`. */
    void secret(String app, String value) {
        credentials.store("admin", app, ForgeCredentials.WEBHOOK_SECRET, value);
    }

    @Override
    public void close() {
        javalin.stop();
        git.close();
        db.close();
    }
}
