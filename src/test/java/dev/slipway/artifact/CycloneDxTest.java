package dev.slipway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Slipway reads of a CycloneDX JSON document, and what it refuses to keep. */
public class CycloneDxTest {
    /** The shape the CycloneDX Maven plugin writes (trimmed). */
    public static final String MAVEN_BOM = """
            {
              "bomFormat" : "CycloneDX",
              "specVersion" : "1.5",
              "serialNumber" : "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
              "version" : 1,
              "metadata" : {
                "timestamp" : "2026-12-04T17:00:00Z",
                "tools" : { "components" : [ { "type" : "application", "group" : "org.cyclonedx", "name" : "cyclonedx-maven-plugin", "version" : "2.9.1" } ] },
                "component" : {
                  "group" : "dev.example", "name" : "hello-service", "version" : "1.0.0", "type" : "application",
                  "bom-ref" : "pkg:maven/dev.example/hello-service@1.0.0?type=jar",
                  "purl" : "pkg:maven/dev.example/hello-service@1.0.0?type=jar"
                }
              },
              "components" : [
                {
                  "group" : "com.fasterxml.jackson.core", "name" : "jackson-databind", "version" : "2.22.4",
                  "scope" : "required", "type" : "library",
                  "hashes" : [ { "alg" : "SHA-256", "content" : "0f5e0e5b7bd1b3ac28b2a4e1c8c0d2bd2f9e1b5e8d2d3f4c3b2a1e0d9c8b7a6f" } ],
                  "licenses" : [ { "license" : { "id" : "Apache-2.0" } } ],
                  "purl" : "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4?type=jar",
                  "bom-ref" : "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4?type=jar"
                },
                {
                  "group" : "org.slf4j", "name" : "slf4j-api", "version" : "2.0.20", "type" : "library",
                  "licenses" : [ { "license" : { "id" : "MIT" } } ],
                  "purl" : "pkg:maven/org.slf4j/slf4j-api@2.0.20?type=jar"
                },
                {
                  "group" : "ch.qos.logback", "name" : "logback-classic", "version" : "1.6.6", "type" : "library",
                  "licenses" : [ { "license" : { "name" : "EPL-1.0" } }, { "license" : { "name" : "GNU Lesser General Public License" } } ],
                  "purl" : "pkg:maven/ch.qos.logback/logback-classic@1.6.6?type=jar"
                }
              ],
              "dependencies" : [ { "ref" : "pkg:maven/dev.example/hello-service@1.0.0?type=jar", "dependsOn" : [ ] } ]
            }
            """;

    @Test
    void readsWhatTheMavenPluginWrites() throws SbomException {
        SbomSummary summary = CycloneDx.read(MAVEN_BOM.getBytes(StandardCharsets.UTF_8), "sbom 'target/bom.json'");
        assertThat(summary.specVersion()).isEqualTo("1.5");
        assertThat(summary.subject()).map(SbomSummary.Component::label).hasValue("hello-service@1.0.0");
        assertThat(summary.components()).extracting(SbomSummary.Component::label)
                .containsExactly("jackson-databind@2.22.4", "slf4j-api@2.0.20", "logback-classic@1.6.6");
        assertThat(summary.components().get(0).purl())
                .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4?type=jar");
        assertThat(summary.licenses()).containsExactly("Apache-2.0", "EPL-1.0", "GNU Lesser General Public License", "MIT");
    }

    @Test
    void nestedComponentsAndExpressionsAreRead() throws SbomException {
        SbomSummary summary = CycloneDx.read(("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{"
                + "\"name\":\"outer\",\"licenses\":[{\"expression\":\"MIT OR Apache-2.0\"}],\"components\":[{\"name\":"
                + "\"inner\",\"version\":\"2\"}]}]}").getBytes(StandardCharsets.UTF_8), "bom");
        assertThat(summary.components()).extracting(SbomSummary.Component::label).containsExactly("outer", "inner@2");
        assertThat(summary.licenses()).containsExactly("MIT OR Apache-2.0");
        assertThat(summary.subject()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"bomFormat\":\"CycloneDX\"                                  | is not valid JSON (line 1, column",
            "[]                                                            | must be a JSON object",
            "{\"spdxVersion\":\"SPDX-2.3\"}                                | is not a CycloneDX document: its bomFormat must be \"CycloneDX\" (it is missing)",
            "{\"bomFormat\":\"SPDX\",\"specVersion\":\"1.5\"}              | (it is \"SPDX\")",
            "{\"bomFormat\":\"CycloneDX\"}                                 | has no CycloneDX specVersion",
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":1.5}             | has no CycloneDX specVersion (\"1.4\", \"1.5\", \"1.6\"…): it says 1.5",
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":{}}      | 'components' must be a list of components",
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{}]}    | 'components[0]' must be a component with a name",
    })
    void refusesWhatIsNotACycloneDxDocumentSayingWhy(String json, String message) {
        assertThatThrownBy(() -> CycloneDx.read(json.strip().getBytes(StandardCharsets.UTF_8), "sbom 'bom.json'"))
                .isInstanceOf(SbomException.class)
                .hasMessageStartingWith("sbom 'bom.json'")
                .hasMessageContaining(message.strip());
    }

    @Test
    void aDocumentOverSixteenMebibytesIsRefusedUnread() {
        assertThatThrownBy(() -> CycloneDx.read(new byte[CycloneDx.MAX_BYTES + 1], "sbom 'huge.json'"))
                .isInstanceOf(SbomException.class)
                .hasMessage("sbom 'huge.json' is 16777217 bytes; at most 16777216 (16 MiB) are kept");
    }
}
