package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectedEnginesTest {
    final List<String> closed = new ArrayList<>();
    final ConnectedEngines<String> engines = new ConnectedEngines<>();

    ConnectedEngines.Opened<String> open(String engine) {
        return new ConnectedEngines.Opened<>(engine, () -> closed.add(engine));
    }

    @Test
    void anEngineIsKeptWhileItsConnectionStaysTheSameAndReplacedWhenItChanges() {
        assertThat(engines.get("a", "tcp://one", () -> open("a1"))).isEqualTo("a1");
        assertThat(engines.get("a", "tcp://one", () -> open("never"))).isEqualTo("a1");
        assertThat(closed).isEmpty();

        assertThat(engines.get("a", "tcp://two", () -> open("a2"))).isEqualTo("a2");
        assertThat(closed).containsExactly("a1");
    }

    @Test
    void removedTargetsEnginesAreClosedAndTheRestAtShutdown() {
        engines.get("a", "k", () -> open("a"));
        engines.get("b", "k", () -> open("b"));

        engines.keepOnly(Set.of("b"));
        assertThat(closed).containsExactly("a");

        engines.close();
        assertThat(closed).containsExactly("a", "b");
    }
}
