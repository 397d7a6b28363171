package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.forge.Forge;
import dev.slipway.forge.Upstream;
import dev.slipway.forge.UpstreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every UpstreamRepository must do, on every database. */
abstract class UpstreamRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123Z");

    private SqlUpstreamRepository upstreams;

    @BeforeEach
    void setUp() {
        SqlAppRepository apps = new SqlAppRepository(db);
        apps.create(new App("web", T0), () -> { });
        apps.create(new App("api", T0), () -> { });
        apps.create(new App("plain", T0), () -> { });
        upstreams = new SqlUpstreamRepository(db);
    }

    @Test
    void keepsWhatAnAppFollowsAndFindsItByAnyOfTheRepositorysUrls() {
        Upstream web = new Upstream("web", "https://github.com/Acme/Shop.git", Optional.of(Forge.GITHUB),
                Optional.of("https://api.github.com"), Optional.of("release/*"), Optional.empty(), Duration.ofSeconds(30),
                true, true, T0, "root");
        Upstream api = new Upstream("api", "git@github.com:acme/shop", Optional.of(Forge.GITHUB), Optional.empty(),
                Optional.empty(), Optional.of("github.com ssh-ed25519 AAAA"), Upstream.DEFAULT_POLL, false, false, T0, "root");
        upstreams.create(web);
        upstreams.create(api);

        assertThat(upstreams.find("web")).contains(web);
        assertThat(upstreams.find("api")).contains(api);
        assertThat(upstreams.find("plain")).isEmpty();
        assertThat(upstreams.list()).extracting(Upstream::app).containsExactly("api", "web");
        assertThat(upstreams.findByUrlKey("github.com/acme/shop")).extracting(Upstream::app).containsExactly("api", "web");
        assertThat(upstreams.findByUrlKey("github.com/acme/other")).isEmpty();
    }

    @Test
    void aFailedLookKeepsTheLastGoodOneAndAGoodOneClearsTheError() {
        upstreams.create(new Upstream("web", "https://example.com/r.git", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Upstream.DEFAULT_POLL, false, false, T0, "root"));
        assertThat(upstreams.state("web")).contains(new UpstreamState(Optional.empty(), Optional.empty()));

        upstreams.synced("web", T0.plusSeconds(1), null);
        upstreams.synced("web", T0.plusSeconds(2), "cannot list the refs: 503");

        assertThat(upstreams.state("web")).contains(new UpstreamState(Optional.of(T0.plusSeconds(1)),
                Optional.of("cannot list the refs: 503")));
        upstreams.synced("web", T0.plusSeconds(3), null);
        assertThat(upstreams.state("web")).contains(new UpstreamState(Optional.of(T0.plusSeconds(3)), Optional.empty()));
        assertThat(upstreams.state("plain")).isEmpty();
    }
}
