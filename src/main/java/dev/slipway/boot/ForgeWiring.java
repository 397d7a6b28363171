package dev.slipway.boot;

import dev.slipway.forge.ForgeLinks;
import dev.slipway.forge.HookDeliveryRepository;
import dev.slipway.forge.Mirrors;
import dev.slipway.forge.Webhooks;
import dev.slipway.secret.ForgeSecrets;
import dev.slipway.store.SqlForgeLoginRepository;
import dev.slipway.store.SqlHookDeliveryRepository;
import dev.slipway.store.SqlUpstreamRepository;
import dev.slipway.store.SqlUserRepository;

/**
 * Followed repositories' webhooks: forge logins linked to users, and deliveries turned into hints for
 * {@code mirrors}, checked with each app's FORGE_WEBHOOK_SECRET and recorded.
 */
record ForgeWiring(ForgeLinks links, Webhooks webhooks, HookDeliveryRepository deliveries) {

    static ForgeWiring wire(StoreWiring store, SecretWiring secrets, Mirrors mirrors) {
        ForgeLinks links = new ForgeLinks(new SqlForgeLoginRepository(store.db()), new SqlUserRepository(store.db()),
                store.db(), store.audit(), store.clock());
        HookDeliveryRepository deliveries = new SqlHookDeliveryRepository(store.db());
        Webhooks webhooks = new Webhooks(new SqlUpstreamRepository(store.db()), new ForgeSecrets(secrets.secrets()),
                deliveries, links, mirrors, store.clock());
        return new ForgeWiring(links, webhooks, deliveries);
    }
}
