package dev.slipway.environment.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.ManagedKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The cluster target knows a client type for every kind a manifest may hold, and no other. */
class ClusterKindTest {
    @Test
    void everyManagedKindHasOneClientTypeOfItsGroupAndKind() throws Exception {
        assertThat(Arrays.stream(ClusterKind.values()).map(k -> k.managed))
                .containsExactlyInAnyOrder(ManagedKind.values());
        for (ClusterKind k : ClusterKind.values()) {
            HasMetadata object = k.type.getDeclaredConstructor().newInstance();
            assertThat(object.getKind()).isEqualTo(k.managed.kind());
            assertThat(k.managed.servedBy(object.getApiVersion())).as(k + " " + object.getApiVersion()).isTrue();
            assertThat(ClusterKind.of(object)).contains(k);
        }
    }
}
