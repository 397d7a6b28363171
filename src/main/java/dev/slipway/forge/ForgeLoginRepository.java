package dev.slipway.forge;

import java.util.List;
import java.util.Optional;

/** The forge logins linked to Slipway users: one user per login, one login per user and forge. */
public interface ForgeLoginRepository {
    /**
     * Inserts the link; the user's row must exist. False when the login or the user's link on that forge was taken
     * meanwhile (the table's unique keys decide, not a read before the insert).
     */
    boolean create(ForgeLogin link);

    /** Removes the user's link on the forge; false when there was none. */
    boolean remove(Forge forge, String user);

    /** Who {@code login} is on the forge, whatever its case. */
    Optional<ForgeLogin> find(Forge forge, String login);

    Optional<ForgeLogin> ofUser(Forge forge, String user);

    /** The user's links, by forge. */
    List<ForgeLogin> ofUser(String user);
}
