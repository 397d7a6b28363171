package dev.slipway.forge;

import static org.assertj.core.api.Assertions.assertThat;

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
}
