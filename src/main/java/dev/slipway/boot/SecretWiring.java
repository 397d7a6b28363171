package dev.slipway.boot;

import dev.slipway.environment.SecretSource;
import dev.slipway.secret.RecentPipelineFiles;
import dev.slipway.secret.SecretPolicy;
import dev.slipway.secret.Secrets;
import dev.slipway.secret.ServiceSecrets;
import dev.slipway.store.SqlSecretRepository;
import java.nio.file.Path;

/**
 * Step 4, secrets: sealed with the data directory's secret key; {@code source} is how services get them and logs
 * get them masked; {@code fileSays} is what recent pipeline files say about an environment (protected or not).
 */
record SecretWiring(Secrets secrets, SecretSource source, RecentPipelineFiles fileSays) {

    static SecretWiring wire(Path data, StoreWiring store, AuthWiring auth, SourceWiring sources) {
        RecentPipelineFiles fileSays = new RecentPipelineFiles(store.runs(), sources.pipelineFiles());
        Secrets secrets = new Secrets(new SqlSecretRepository(store.db()), Startup.secretBox(data),
                new SecretPolicy(auth.access(), fileSays), store.db(), store.audit(), store.clock());
        return new SecretWiring(secrets, new ServiceSecrets(secrets), fileSays);
    }
}
