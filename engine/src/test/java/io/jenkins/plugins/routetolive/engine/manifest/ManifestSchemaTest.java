package io.jenkins.plugins.routetolive.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published schema and the reader agree on keys and required fields. */
class ManifestSchemaTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static JsonNode schema() throws Exception {
        Path file = Path.of("..", "docs", "manifest.schema.json");
        return new ObjectMapper().readTree(Files.readString(file));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void schemaNamesExactlyTheKeysTheReaderAccepts() throws Exception {
        JsonNode schema = schema();
        JsonNode component = schema.path("$defs").path("component");

        assertThat(names(schema.path("properties"))).containsExactlyInAnyOrder("name", "version", "components");
        assertThat(names(component.path("properties")))
                .containsExactlyInAnyOrder("application", "version", "digest", "pinned", "dependsOn", "kubernetes");
        JsonNode kubernetes = schema.path("$defs").path("kubernetes");
        assertThat(names(kubernetes.path("properties"))).containsExactlyInAnyOrder("deploymentName", "namespace", "container",
                "strategy", "blueGreenService", "canarySteps");
        assertThat(kubernetes.path("required")).extracting(JsonNode::asText).containsExactly("deploymentName");
        assertThat(kubernetes.path("properties").path("strategy").path("enum")).extracting(JsonNode::asText)
                .containsExactly("rolling", "blueGreen", "canary");
        assertThat(component.path("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("application", "version", "digest");
        for (String key : List.of("application", "version", "digest")) {
            String yaml = "name: r\nversion: 1\ncomponents:\n  - {application: a, version: '1', digest: '" + DIGEST + "'}\n";
            String without = yaml.replaceAll(key.equals("version") ? "version: '1', " : key + ": [^,}]*,? ?", "");
            assertThatThrownBy(() -> ReleaseManifest.parse("r.yaml", without)).as(key)
                    .hasMessageContaining("has no '" + key + "'");
        }
        assertThatThrownBy(() -> ReleaseManifest.parse("r.yaml", "name: r\nversion: 1\ncomponents: []\nextra: 1\n"))
                .hasMessageContaining("unknown key 'extra'");
    }
}
