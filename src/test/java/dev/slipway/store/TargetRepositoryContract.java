package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.target.Target;
import dev.slipway.target.TargetBinding;
import dev.slipway.target.TargetCluster;
import dev.slipway.target.TargetKind;
import dev.slipway.target.TargetSelector;
import dev.slipway.target.TargetTls;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every TargetRepository must do, on every database. */
abstract class TargetRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00.123Z");
    private SqlTargetRepository targets;

    @BeforeEach
    void setUp() {
        new SqlAppRepository(db).create(new App("web", T0), () -> { });
        targets = new SqlTargetRepository(db);
    }

    static Target target(String name, Map<String, String> labels) {
        return new Target(name, TargetKind.DOCKER, "tcp://127.0.0.1:2376",
                Optional.of(new TargetTls("CA PEM", "CERT PEM", "v1:sealed")), false, labels, T0, "admin");
    }

    static TargetBinding binding(String env, TargetSelector selector) {
        return new TargetBinding("web", env, selector, T0.plusSeconds(1), "admin");
    }

    @Test
    void aTargetIsStoredWithItsTlsAndLabelsAndItsNameOnce() {
        assertThat(targets.create(target("prod-a", Map.of("site", "ka", "tier", "web")))).isTrue();
        assertThat(targets.create(target("prod-a", Map.of()))).isFalse();
        Target plain = new Target("local", TargetKind.DOCKER, "unix:///run/docker.sock", Optional.empty(), false,
                Map.of(), T0, "root");
        assertThat(targets.create(plain)).isTrue();

        assertThat(targets.find("prod-a")).contains(target("prod-a", Map.of("site", "ka", "tier", "web")));
        assertThat(targets.find("local")).contains(plain);
        assertThat(targets.find("nope")).isEmpty();
        assertThat(targets.all()).extracting(Target::name).containsExactly("local", "prod-a");
        assertThat(targets.all().get(1).labels()).containsExactly(Map.entry("site", "ka"), Map.entry("tier", "web"));
    }

    @Test
    void aClusterIsStoredWithItsNamespaceContextAndSealedKubeconfigOrInCluster() {
        Target eu = new Target("eu-1", TargetKind.KUBERNETES, "https://eu.example:6443", Optional.empty(), false,
                Map.of("site", "eu"), T0, "admin", Optional.of(TargetCluster.kubeconfig("shop", "eu", "v1:sealed-kc")));
        Target home = new Target("home", TargetKind.KUBERNETES, TargetCluster.IN_CLUSTER, Optional.empty(), false,
                Map.of(), T0, "admin", Optional.of(TargetCluster.inCluster("shop-prod")));
        assertThat(targets.create(eu)).isTrue();
        assertThat(targets.create(home)).isTrue();
        targets.create(target("docker-a", Map.of()));

        assertThat(targets.find("eu-1")).contains(eu);
        assertThat(targets.find("home")).contains(home);
        assertThat(targets.find("docker-a").orElseThrow().cluster()).isEmpty();
        assertThat(targets.all()).extracting(Target::name).containsExactly("docker-a", "eu-1", "home");
        // bindings and labels work for clusters as for engines
        targets.putLabel("home", "tier", "web");
        assertThat(targets.bind(binding("production", new TargetSelector.Named("home")))).isTrue();
        assertThat(targets.find("home").orElseThrow().labels()).isEqualTo(Map.of("tier", "web"));
        assertThat(targets.find("home").orElseThrow().cluster()).contains(TargetCluster.inCluster("shop-prod"));
    }

    @Test
    void labelsAreSetReplacedAndRemoved() {
        targets.create(target("prod-a", Map.of("site", "ka")));
        targets.putLabel("prod-a", "site", "ber");
        targets.putLabel("prod-a", "zone", "1");
        assertThat(targets.find("prod-a").orElseThrow().labels()).isEqualTo(Map.of("site", "ber", "zone", "1"));
        assertThat(targets.removeLabel("prod-a", "site")).isTrue();
        assertThat(targets.removeLabel("prod-a", "site")).isFalse();
        assertThat(targets.find("prod-a").orElseThrow().labels()).isEqualTo(Map.of("zone", "1"));
    }

    @Test
    void bindingsByNameAndByLabelAreKeptPerEnvironment() {
        targets.create(target("prod-a", Map.of()));
        assertThat(targets.bind(binding("production", new TargetSelector.Named("prod-a")))).isTrue();
        assertThat(targets.bind(binding("production", new TargetSelector.Labelled("site", "ka")))).isTrue();
        assertThat(targets.bind(binding("production", new TargetSelector.Labelled("site", "ka")))).isFalse();
        assertThat(targets.bind(binding("staging", new TargetSelector.Labelled("site", "ka")))).isTrue();

        assertThat(targets.bindings("web", "production")).containsExactly(
                binding("production", new TargetSelector.Named("prod-a")),
                binding("production", new TargetSelector.Labelled("site", "ka")));
        assertThat(targets.allBindings()).hasSize(3);

        assertThat(targets.unbind("web", "production", new TargetSelector.Labelled("site", "ka"))).isTrue();
        assertThat(targets.unbind("web", "production", new TargetSelector.Labelled("site", "ka"))).isFalse();
        assertThat(targets.bindings("web", "production")).extracting(b -> b.selector().text()).containsExactly("prod-a");
        assertThat(targets.bindings("web", "staging")).hasSize(1);
    }

    @Test
    void theDatabaseRefusesToForgetATargetANameBindingNamesOrToBindAMissingOne() {
        targets.create(target("prod-a", Map.of("site", "ka")));
        targets.bind(binding("production", new TargetSelector.Named("prod-a")));
        assertThatThrownBy(() -> targets.remove("prod-a")).isNotNull();
        assertThat(targets.find("prod-a")).isPresent(); // the failed removal took nothing with it, labels neither
        assertThat(targets.find("prod-a").orElseThrow().labels()).containsKey("site");
        assertThatThrownBy(() -> targets.bind(binding("production", new TargetSelector.Named("ghost")))).isNotNull();

        targets.unbind("web", "production", new TargetSelector.Named("prod-a"));
        assertThat(targets.remove("prod-a")).isTrue();
        assertThat(targets.remove("prod-a")).isFalse();
        assertThat(targets.all()).isEmpty();
    }
}
