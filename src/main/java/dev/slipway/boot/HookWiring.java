package dev.slipway.boot;

import dev.slipway.forge.ForgeLinks;
import dev.slipway.forge.HookDeliveryRepository;
import dev.slipway.forge.Webhooks;
import dev.slipway.store.SqlForgeLoginRepository;
import dev.slipway.store.SqlHookDeliveryRepository;
import dev.slipway.store.SqlUserRepository;

/**
 * Followed repositories' webhooks: forge logins linked to users, and deliveries turned into hints for the mirror,
 * checked with each app's FORGE_WEBHOOK_SECRET and recorded.
 */
record HookWiring(ForgeLinks links, Webhooks webhooks, HookDeliveryRepository deliveries) {

    static HookWiring wire(StoreWiring store, ForgeWiring forge) {
        ForgeLinks links = new ForgeLinks(new SqlForgeLoginRepository(store.db()), new SqlUserRepository(store.db()),
                store.db(), store.audit(), store.clock());
        HookDeliveryRepository deliveries = new SqlHookDeliveryRepository(store.db());
        Webhooks webhooks = new Webhooks(forge.upstreams(), forge.credentials(), deliveries, links, forge.mirror(),
                store.clock());
        return new HookWiring(links, webhooks, deliveries);
    }
}
