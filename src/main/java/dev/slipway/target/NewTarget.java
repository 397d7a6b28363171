package dev.slipway.target;

import java.util.List;
import java.util.Optional;

/**
 * {@code slipway target add}: what the admin gave, unchecked ({@link Targets#add} says what is wrong with it).
 * The TLS fields are the PEM files' texts; {@code labels} are {@code key=value} as typed; {@code cluster} is what a
 * kubernetes target is given instead of an endpoint and TLS.
 */
public record NewTarget(String name, String kind, String endpoint, Optional<String> tlsCa, Optional<String> tlsCert,
                        Optional<String> tlsKey, List<String> labels, boolean insecure, Optional<NewCluster> cluster) {
    public NewTarget {
        cluster = cluster == null ? Optional.empty() : cluster;
        tlsCa = tlsCa == null ? Optional.empty() : tlsCa;
        tlsCert = tlsCert == null ? Optional.empty() : tlsCert;
        tlsKey = tlsKey == null ? Optional.empty() : tlsKey;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A Docker engine's target. */
    public NewTarget(String name, String kind, String endpoint, Optional<String> tlsCa, Optional<String> tlsCert,
                     Optional<String> tlsKey, List<String> labels, boolean insecure) {
        this(name, kind, endpoint, tlsCa, tlsCert, tlsKey, labels, insecure, Optional.empty());
    }

    @Override
    public String toString() {
        return "NewTarget[" + name + " " + kind + " " + endpoint + "]"; // never the key
    }
}
