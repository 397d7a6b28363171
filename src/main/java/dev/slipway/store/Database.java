package dev.slipway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import dev.slipway.Changes;
import dev.slipway.Transactions;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The database: embedded SQLite (WAL) by default, PostgreSQL when given a jdbc:postgresql URL. Both get the same
 * Flyway migrations; the repositories use only SQL that both understand.
 */
public final class Database implements Transactions, AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String url;
    /** The handle of the transaction this thread is in, so repositories called inside it join it. */
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    /** The apps the transaction this thread is in has changed, announced once it commits. */
    private final ThreadLocal<Set<String>> changedApps = new ThreadLocal<>();
    private final Changes changes = new Changes();

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.url = url;
    }

    public static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + sqliteFile(dataDir);
    }

    public static Path sqliteFile(Path dataDir) {
        return dataDir.resolve("slipway.db");
    }

    /** Connects and migrates; throws {@link DatabaseUnavailableException} with a message that says what to check. */
    public static Database open(String url) {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        if (!sqlite && !url.startsWith("jdbc:postgresql:")) {
            throw new DatabaseUnavailableException("unsupported database URL '" + redact(url)
                    + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("slipway-db");
        if (sqlite) {
            // One connection: SQLite has one writer anyway, and a single connection never meets SQLITE_BUSY.
            config.setJdbcUrl(url + (url.contains("?") ? "&" : "?")
                    + "foreign_keys=true&journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
            config.setMaximumPoolSize(1);
        } else {
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(10);
            config.setConnectionTimeout(5_000);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("cannot connect to the database " + redact(url) + ": "
                    + rootMessage(e) + (sqlite ? " (is the data directory writable?)"
                    : " (is PostgreSQL running and are the user and password right?)"), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatabaseUnavailableException("cannot migrate the database " + redact(url) + ": " + rootMessage(e), e);
        }
        return new Database(dataSource, url);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
        Handle handle = current.get();
        return handle != null ? callback.withHandle(handle) : jdbi.withHandle(callback);
    }

    public <X extends Exception> void useHandle(HandleConsumer<X> consumer) throws X {
        withHandle(h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    /** Runs the callback in a transaction, joining the one this thread is already in. */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
        Handle handle = current.get();
        if (handle != null) {
            return callback.withHandle(handle);
        }
        Set<String> changed = new LinkedHashSet<>();
        R result = jdbi.inTransaction(h -> {
            current.set(h);
            changedApps.set(changed);
            try {
                return callback.withHandle(h);
            } finally {
                current.remove();
                changedApps.remove();
            }
        });
        changes.publish(changed);
        return result;
    }

    /**
     * Notes that an app's recorded state changed; listeners of {@link #changes()} hear of it after the commit (at
     * once outside a transaction), never for a transaction that rolled back.
     */
    void changed(String app) {
        if (app == null) {
            return;
        }
        Set<String> pending = changedApps.get();
        if (pending != null) {
            pending.add(app);
        } else {
            changes.publish(Set.of(app));
        }
    }

    /** Committed changes, by app, for whoever shows live state (the dashboard). */
    public Changes changes() {
        return changes;
    }

    public <X extends Exception> void useTransaction(HandleConsumer<X> consumer) throws X {
        inTransaction(h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return inTransaction(h -> work.get());
    }

    public String describe() {
        return redact(url);
    }

    /** Connection URLs may carry a password; never print one. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
