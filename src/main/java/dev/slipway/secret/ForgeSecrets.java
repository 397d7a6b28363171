package dev.slipway.secret;

import dev.slipway.auth.Principal;
import dev.slipway.forge.ForgeCredentials;
import java.util.Optional;

/** A followed app's forge credentials are app-wide secrets: sealed, audited, rotated with `slipway secret set`. */
public final class ForgeSecrets implements ForgeCredentials {
    private final Secrets secrets;

    public ForgeSecrets(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Optional<String> read(String app, String name) {
        if (!secrets.appWideNames(app).contains(name)) {
            return Optional.empty();
        }
        return Optional.of(secrets.appWide(app, name));
    }

    @Override
    public void store(String actor, String app, String name, String value) {
        secrets.setAppWide(new Principal(actor), app, name, value);
    }
}
