package dev.slipway.target;

import java.util.Optional;

/**
 * {@code slipway executor add}: what the admin gave, unchecked ({@link ExecutorRegistry#add} says what is wrong with
 * it). The TLS fields are the PEM files' texts.
 */
public record NewExecutor(String name, String endpoint, Optional<String> tlsCa, Optional<String> tlsCert,
                          Optional<String> tlsKey, boolean insecure) {
    public NewExecutor {
        tlsCa = tlsCa == null ? Optional.empty() : tlsCa;
        tlsCert = tlsCert == null ? Optional.empty() : tlsCert;
        tlsKey = tlsKey == null ? Optional.empty() : tlsKey;
    }

    @Override
    public String toString() {
        return "NewExecutor[" + name + " " + endpoint + "]"; // never the key
    }
}
