package dev.slipway.environment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a target is told to start for a deployment: its config, its environment's secrets read now, and the
 * SLIPWAY_* variables; and how text about it is shown with those secrets hidden. The deployer, verify steps and
 * Recovery's restarts all start a deployment the same way.
 */
final class Starts {
    private static final Logger log = LoggerFactory.getLogger(Starts.class);

    private final Router router;
    private final SecretSource secrets;

    Starts(Router router, SecretSource secrets) {
        this.router = router;
        this.secrets = secrets;
    }

    DeployTarget.Start of(Deployment d, Environment env) throws DeployFailedException {
        Map<String, String> vars = new HashMap<>(d.launch().config());
        Map<String, String> secretValues = secretsOf(d, env);
        vars.putAll(secretValues);
        vars.put("SLIPWAY_APP", d.app());
        vars.put("SLIPWAY_ENV", env.name());
        vars.put("SLIPWAY_DIGEST", d.digest().toString());
        vars.put("SLIPWAY_COMMIT", d.commit());
        vars.put("SLIPWAY_URL", router.url(env.port()));
        if (d.slot() != null) {
            vars.put("SLIPWAY_SLOT", d.slot()); // a container is labelled with it
        }
        UnaryOperator<String> mask = masker(d.app());
        return new DeployTarget.Start(d.app(), env.name(), d.id(), d.digest(), d.launch(), vars, secretValues.keySet(),
                line -> log.debug("[{}/{}] {}", d.app(), env.name(), mask.apply(line)));
    }

    /** The secrets of the environment's pipeline entry ("dev" for dev-x), read now; each declared one must be set. */
    private Map<String, String> secretsOf(Deployment d, Environment env) throws DeployFailedException {
        Map<String, String> values;
        try {
            values = secrets.valuesFor(d.app(), env.specName());
        } catch (SecretSource.Unreadable e) {
            throw new DeployFailedException(e.getMessage() + "; then deploy again");
        }
        List<String> missing = d.launch().secrets().stream().filter(name -> !values.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing);
            throw new DeployFailedException((missing.size() == 1 ? "secret " + names + " is" : "secrets " + names + " are")
                    + " listed under secrets: of environment " + env.specName() + " in .slipway.yml but not set: run `slipway"
                    + " secret set " + d.app() + " " + env.specName() + " " + missing.get(0) + "` (the value is read from"
                    + " stdin) for each, then deploy again");
        }
        return values;
    }

    UnaryOperator<String> masker(String app) {
        return secrets.maskerFor(app);
    }

    /** Text about a deployment with the app's secret values hidden, for what is recorded or logged. */
    String masked(String app, String text) {
        if (text == null) {
            return null;
        }
        try {
            return secrets.maskerFor(app).apply(text);
        } catch (RuntimeException e) {
            log.error("cannot read the secrets of {} to mask a message", app, e);
            return "(details withheld: the app's secrets could not be read to hide them; the server log says why)";
        }
    }
}
