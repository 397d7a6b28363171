package dev.slipway.target;

import java.util.Optional;

/**
 * {@code slipway executor add}: what the admin gave, unchecked ({@link ExecutorRegistry#add} says what is wrong with
 * it). The TLS fields are the PEM files' texts; {@code cluster} is what a kubernetes executor is given instead.
 */
public record NewExecutor(String name, String kind, String endpoint, Optional<String> tlsCa, Optional<String> tlsCert,
                          Optional<String> tlsKey, boolean insecure, Optional<NewCluster> cluster) {
    public NewExecutor {
        kind = kind == null ? TargetKind.DOCKER.text() : kind;
        cluster = cluster == null ? Optional.empty() : cluster;
        tlsCa = tlsCa == null ? Optional.empty() : tlsCa;
        tlsCert = tlsCert == null ? Optional.empty() : tlsCert;
        tlsKey = tlsKey == null ? Optional.empty() : tlsKey;
    }

    /** A Docker engine's executor. */
    public NewExecutor(String name, String endpoint, Optional<String> tlsCa, Optional<String> tlsCert,
                       Optional<String> tlsKey, boolean insecure) {
        this(name, TargetKind.DOCKER.text(), endpoint, tlsCa, tlsCert, tlsKey, insecure, Optional.empty());
    }

    @Override
    public String toString() {
        return "NewExecutor[" + name + " " + kind + " " + endpoint + "]"; // never the key
    }
}
