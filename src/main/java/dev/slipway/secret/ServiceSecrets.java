package dev.slipway.secret;

import dev.slipway.environment.SecretSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link Secrets} as the environment's {@link SecretSource}: services get their environment's values at each start,
 * and what Slipway records about a deployment gets them masked. A value that cannot be decrypted fails the start
 * with the message that names it.
 */
public final class ServiceSecrets implements SecretSource {
    private final Secrets secrets;

    public ServiceSecrets(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Map<String, String> valuesFor(String app, String environment) {
        try {
            return secrets.valuesFor(app, environment);
        } catch (UnreadableSecretException e) {
            throw new SecretSource.Unreadable(e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> appWide(String app, String name) {
        if (!secrets.appWideNames(app).contains(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(secrets.appWide(app, name));
        } catch (UnreadableSecretException e) {
            throw new SecretSource.Unreadable(e.getMessage(), e);
        }
    }

    @Override
    public UnaryOperator<String> maskerFor(String app) {
        return secrets.masker(app);
    }
}
