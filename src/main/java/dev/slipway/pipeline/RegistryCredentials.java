package dev.slipway.pipeline;

import dev.slipway.image.RunCredentials;
import java.util.Map;

/**
 * The registry's run credentials as a job sees them: {@code SLIPWAY_REGISTRY} (host:port of this server as jobs
 * reach it), {@code SLIPWAY_REGISTRY_USER} and {@code SLIPWAY_REGISTRY_TOKEN}, good for the run's app only.
 */
public final class RegistryCredentials implements JobCredentials {
    private final RunCredentials credentials;
    private final String address;

    public RegistryCredentials(RunCredentials credentials, String address) {
        this.credentials = credentials;
        this.address = address;
    }

    @Override
    public Map<String, String> issue(Run run) {
        RunCredentials.Issued issued = credentials.issue(run.app(), run.number());
        return Map.of("SLIPWAY_REGISTRY", address, "SLIPWAY_REGISTRY_USER", issued.user(),
                "SLIPWAY_REGISTRY_TOKEN", issued.token());
    }

    @Override
    public void revoke(Run run) {
        credentials.revoke(run.app(), run.number());
    }
}
