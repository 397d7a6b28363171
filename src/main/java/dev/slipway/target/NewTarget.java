package dev.slipway.target;

import java.util.List;
import java.util.Optional;

/**
 * {@code slipway target add}: what the admin gave, unchecked ({@link Targets#add} says what is wrong with it).
 * The TLS fields are the PEM files' texts; {@code labels} are {@code key=value} as typed.
 */
public record NewTarget(String name, String kind, String endpoint, Optional<String> tlsCa, Optional<String> tlsCert,
                        Optional<String> tlsKey, List<String> labels, boolean insecure) {
    public NewTarget {
        tlsCa = tlsCa == null ? Optional.empty() : tlsCa;
        tlsCert = tlsCert == null ? Optional.empty() : tlsCert;
        tlsKey = tlsKey == null ? Optional.empty() : tlsKey;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    @Override
    public String toString() {
        return "NewTarget[" + name + " " + kind + " " + endpoint + "]"; // never the key
    }
}
