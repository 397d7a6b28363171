package dev.slipway.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.slipway.Problem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryUrlsTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/Acme/Shop", "https://github.com/acme/shop.git", "git@github.com:acme/shop.git",
            "ssh://git@github.com/acme/shop", "ssh://git@github.com:22/acme/shop.git/", "http://token@github.com/acme/shop"})
    void everyUrlOfOneRepositoryHasTheSameKey(String url) {
        assertThat(RepositoryUrls.key(url)).isEqualTo("github.com/acme/shop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/acme/shop-ui", "https://gitlab.com/acme/shop", "https://github.com/acme/shop/x"})
    void otherRepositoriesDiffer(String url) {
        assertThat(RepositoryUrls.key(url)).isNotEqualTo("github.com/acme/shop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/acme/shop.git", "git@github.com:acme/shop.git",
            "ssh://git@git.example.com:2222/acme/shop.git", "http://127.0.0.1:8080/git/shop.git"})
    void followableUrlsPassTheCheck(String url) {
        assertThatNoException().isThrownBy(() -> RepositoryUrls.check(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "https://x/a\nb", "https://x/a b", "https://x/a\u0000", "--upload-pack=touch /tmp/x",
            "-oProxyCommand=x", "http://[::1/x"})
    void hostileUrlsAreRefusedSayingWhy(String url) {
        assertThatThrownBy(() -> RepositoryUrls.check(url)).isInstanceOf(Problem.class)
                .hasMessageStartingWith("--from ").hasMessageNotContaining("\n");
    }

    @org.junit.jupiter.api.Test
    void aHugeUrlIsRefusedWithoutBeingEchoed() {
        String huge = "https://x/" + "a".repeat(100_000);
        assertThatThrownBy(() -> RepositoryUrls.check(huge)).isInstanceOf(Problem.class)
                .hasMessageContaining("100010 characters long").satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.github.com", "https://git.example.com/api/v1", "http://127.0.0.1:3000/api/v1",
            "http://localhost/api/v4", "http://[::1]:3000/api/v1"})
    void apiUrlsThatKeepTheTokenSafePass(String url) {
        assertThatNoException().isThrownBy(() -> RepositoryUrls.checkApi(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://git.example.com/api/v1", "javascript:alert(1)", "https://user:pw@x/api",
            "https:///api", "ftp://x/api", "https://x/api?x=1", "https://x/a pi", "/api/v1"})
    void apiUrlsThatWouldLeakOrCannotBeCalledAreRefused(String url) {
        assertThatThrownBy(() -> RepositoryUrls.checkApi(url)).isInstanceOf(Problem.class)
                .hasMessageStartingWith("--api-url ");
    }
}
