package dev.slipway.app;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import java.time.Clock;
import java.util.List;

/** Use cases on apps. */
public final class Apps {
    private final AppRepository repository;
    private final GitRepositories git;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public Apps(AppRepository repository, GitRepositories git, Transactions transactions, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.git = git;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public synchronized App create(String actor, String name) {
        AppName.check(name);
        if (repository.find(name).isPresent()) {
            throw Problem.conflict("app '" + name + "' already exists: push to it, or choose another name");
        }
        App app = new App(name, clock.instant());
        try {
            // The repository is created inside the transaction: if the row does not commit, the repository is removed.
            transactions.run(() -> {
                repository.create(app, () -> git.create(name));
                audit.record(actor, "app.created", name, "app " + name, null, "created with repository " + name + ".git");
            });
        } catch (RuntimeException e) {
            git.discard(name);
            throw e;
        }
        return app;
    }

    public boolean exists(String name) {
        return repository.find(name).isPresent();
    }

    public App get(String name) {
        return repository.find(name).orElseThrow(() -> AppName.notFound(name));
    }

    public List<App> list() {
        return repository.list();
    }
}
