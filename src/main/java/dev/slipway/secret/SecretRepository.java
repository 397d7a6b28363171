package dev.slipway.secret;

import java.util.List;
import java.util.Optional;

/** Where sealed secrets are kept. Implementations join the caller's transaction (see {@link dev.slipway.Transactions}). */
public interface SecretRepository {
    /** Inserts the secret or replaces the one with the same id. */
    void put(StoredSecret secret);

    Optional<StoredSecret> find(SecretId id);

    /** The environment's secrets, by name. */
    List<StoredSecret> of(String app, String environment);

    /** Every secret of the app, in every environment, by environment and name. */
    List<StoredSecret> of(String app);

    /** Inserts the app-wide secret or replaces the one with the same id. */
    void putAppWide(StoredAppSecret secret);

    Optional<StoredAppSecret> findAppWide(AppSecretId id);

    /** The app's app-wide secrets, by name. */
    List<StoredAppSecret> appWide(String app);

    /** Removes it; whether it was there. */
    boolean removeAppWide(AppSecretId id);
}
