package dev.slipway.boot;

import dev.slipway.auth.Access;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Bootstrap;
import dev.slipway.auth.Protections;
import dev.slipway.auth.TokenLifetimes;
import dev.slipway.store.SqlGrantRepository;
import dev.slipway.store.SqlProtectionRepository;
import dev.slipway.store.SqlTokenRepository;
import dev.slipway.store.SqlUserRepository;

/** Step 2, who may do what: the one authorization decision, accounts and tokens, and admins' protections. */
record AuthWiring(Access access, Accounts accounts, Authenticator authenticator, Protections protections,
                  Bootstrap bootstrap) {

    static AuthWiring wire(ServerConfig config, StoreWiring store) {
        SqlUserRepository users = new SqlUserRepository(store.db());
        SqlTokenRepository tokens = new SqlTokenRepository(store.db());
        SqlGrantRepository grants = new SqlGrantRepository(store.db());
        SqlProtectionRepository protections = new SqlProtectionRepository(store.db());
        Access access = new Access(grants, protections);
        Accounts accounts = new Accounts(users, tokens, grants, store.apps(), store.db(), store.audit(), store.clock(),
                new TokenLifetimes(config.maxTokenLifetime(), access, tokens));
        return new AuthWiring(access, accounts, new Authenticator(tokens, store.clock()),
                new Protections(protections, store.apps(), store.db(), store.audit(), store.clock()),
                new Bootstrap(accounts, users, store.db()));
    }
}
