package dev.slipway.boot;

import dev.slipway.environment.SecretSource;
import dev.slipway.secret.RecentPipelineFiles;
import dev.slipway.secret.SealedTargetKeys;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretPolicy;
import dev.slipway.secret.Secrets;
import dev.slipway.secret.ServiceSecrets;
import dev.slipway.store.SqlSecretRepository;
import dev.slipway.target.TargetKeySeal;
import java.nio.file.Path;

/**
 * Step 4, secrets: sealed with the data directory's secret key; {@code source} is how services get them and logs
 * get them masked; {@code fileSays} is what recent pipeline files say about an environment (protected or not);
 * {@code targetKeys} seals targets' TLS client keys with the same key.
 */
record SecretWiring(Secrets secrets, SecretSource source, RecentPipelineFiles fileSays, TargetKeySeal targetKeys) {

    static SecretWiring wire(Path data, StoreWiring store, AuthWiring auth, SourceWiring sources) {
        RecentPipelineFiles fileSays = new RecentPipelineFiles(store.runs(), sources.pipelineFiles());
        SecretBox box = Startup.secretBox(data);
        Secrets secrets = new Secrets(new SqlSecretRepository(store.db()), box,
                new SecretPolicy(auth.access(), fileSays), store.db(), store.audit(), store.clock());
        return new SecretWiring(secrets, new ServiceSecrets(secrets), fileSays, new SealedTargetKeys(box));
    }
}
