package dev.slipway.auth;

import java.util.List;
import java.util.Optional;

public interface UserRepository {
    /** Inserts the user, inside the caller's transaction if there is one; fails if the name is taken. */
    void create(User user);

    Optional<User> find(String name);

    /** All users by name. */
    List<User> list();
}
