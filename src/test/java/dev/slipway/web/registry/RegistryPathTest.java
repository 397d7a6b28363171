package dev.slipway.web.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryPathTest {
    @ParameterizedTest
    @CsvSource({
            "/v2/, BASE, , ",
            "/v2, BASE, , ",
            "/v2/web/manifests/latest, MANIFEST, web, latest",
            "/v2/web/worker/manifests/sha256:abc, MANIFEST, web/worker, sha256:abc",
            "/v2/web/blobs/sha256:abc, BLOB, web, sha256:abc",
            "/v2/web/worker/blobs/uploads/, UPLOADS, web/worker, ",
            "/v2/web/blobs/uploads, UPLOADS, web, ",
            "/v2/web/blobs/uploads/1234-5678, UPLOAD, web, 1234-5678",
            "/v2/web/manifests/tags/list, TAGS, web/manifests, ",
            "/v2/web/tags/list, TAGS, web, ",
            "/v2/web/referrers/sha256:abc, REFERRERS, web, sha256:abc",
            "/v2/web/worker/referrers/sha256:abc, REFERRERS, web/worker, sha256:abc",
            "/v2/web/referrers/manifests/latest, MANIFEST, web/referrers, latest",
            "/v2/web/catalog, UNKNOWN, , "})
    void pathsAreReadFromTheirEnd(String uri, RegistryPath.Kind kind, String name, String reference) {
        assertThat(RegistryPath.parse(uri)).isEqualTo(new RegistryPath(kind, name, reference));
    }

    @ParameterizedTest
    @CsvSource({
            "bytes=0-9, 0, 9",
            "bytes=90-, 90, 99",
            "bytes=-10, 90, 99",
            "bytes=95-200, 95, 99",
            "bytes=-500, 0, 99"})
    void rangesAreClippedToTheBlob(String header, long first, long last) {
        assertThat(BlobResponses.span(header, 100)).hasValue(new BlobResponses.Span(first, last));
    }

    @ParameterizedTest
    @CsvSource({"bytes=100-", "bytes=100-200", "bytes=9-5", "bytes=-0"})
    void rangesOutsideTheBlobCannotBeSatisfied(String header) {
        assertThatThrownBy(() -> BlobResponses.span(header, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalRangesOrAnotherUnitGetTheWholeBlob() {
        assertThat(BlobResponses.span("bytes=0-1,5-6", 100)).isEmpty();
        assertThat(BlobResponses.span("items=0-1", 100)).isEmpty();
        assertThat(BlobResponses.span(null, 100)).isEmpty();
    }
}
