package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseManifestTest {

    private static final String DB = Digests.ofBytes("db".getBytes(StandardCharsets.UTF_8)).value();
    private static final String API = Digests.ofBytes("api".getBytes(StandardCharsets.UTF_8)).value();
    private static final String WEB = Digests.ofBytes("web".getBytes(StandardCharsets.UTF_8)).value();

    private static final String YAML = """
            name: shop-release
            version: 2026.11.1
            components:
              - application: db
                version: 1.0.0
                digest: %s
                pinned: true
              - application: api
                version: 1.2.0
                digest: %s
                dependsOn: [db]
              - application: web
                version: 3.0.0
                digest: %s
                dependsOn: [api, db]
            """.formatted(DB, API, WEB);

    @Test
    void twoManifestsWithTheSameComponentsInAnyOrderAndFormatAreTheSameRelease() {
        String json = """
                {"version": "2026.11.1", "components": [
                  {"dependsOn": ["db", "api"], "digest": "%s", "version": "3.0.0", "application": "web"},
                  {"application": "api", "version": "1.2.0", "digest": "%s", "dependsOn": ["db"], "pinned": false},
                  {"application": "db", "version": "1.0.0", "digest": "%s", "pinned": true}
                ], "name": "shop-release"}
                """.formatted(WEB, API.toUpperCase().replace("SHA256", "sha256"), DB);

        ReleaseManifest fromYaml = ReleaseManifest.parse("release.yaml", YAML);
        ReleaseManifest fromJson = ReleaseManifest.parse("release.json", json);

        assertThat(fromJson.digest()).isEqualTo(fromYaml.digest());
        assertThat(fromJson).isEqualTo(fromYaml);
        assertThat(fromYaml.canonicalJson()).startsWith("{\"components\":[{\"application\":\"api\",\"dependsOn\":[\"db\"],");
    }

    @Test
    void aChangedComponentIsANewRelease() {
        ReleaseManifest original = ReleaseManifest.parse("release.yaml", YAML);
        ReleaseManifest changed = ReleaseManifest.parse("release.yaml", YAML.replace("version: 1.2.0", "version: 1.2.1"));

        assertThat(changed.digest()).isNotEqualTo(original.digest());
    }

    @Test
    void ordersDeploymentDependenciesFirst() {
        assertThat(ReleaseManifest.parse("release.yaml", YAML).deploymentOrder())
                .extracting(ManifestComponent::application).containsExactly("db", "api", "web");
    }

    @Test
    void refusesADependencyCycleNamingIt() {
        String cyclic = YAML.replace("pinned: true", "dependsOn: [web]");

        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", cyclic))
                .isInstanceOf(ManifestDefinitionException.class)
                .hasMessageContaining("release.yaml line 4")
                .hasMessageContaining("cycle api -> db -> web -> api");
    }

    @Test
    void reportsAnInvalidDigestWithItsLine() {
        String broken = YAML.replace(API, "sha256:abc");

        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", broken))
                .isInstanceOf(ManifestDefinitionException.class)
                .hasMessage("release.yaml line 10: component api: digest must be 'sha256:' followed by 64 lower-case hex "
                        + "characters, but was 'sha256:abc'")
                .extracting(e -> ((ManifestDefinitionException) e).line()).isEqualTo(10);
    }

    @Test
    void reportsAnUnknownKeyInJsonWithItsLine() {
        String json = """
                {
                  "name": "shop-release",
                  "version": "1",
                  "components": [
                    {"application": "db", "version": "1.0.0", "digest": "%s", "pinnned": true}
                  ]
                }
                """.formatted(DB);

        assertThatThrownBy(() -> ReleaseManifest.parse("release.json", json))
                .hasMessageStartingWith("release.json line 5: unknown key 'pinnned' in a component; allowed keys are "
                        + "application, dependsOn, digest, kubernetes, pinned, version");
    }

    @Test
    void reportsMalformedJsonWithItsLine() {
        assertThatThrownBy(() -> ReleaseManifest.parse("release.json", "{\n  \"name\": \"x\",\n  \"version\": [\n}\n"))
                .isInstanceOf(ManifestDefinitionException.class)
                .hasMessageStartingWith("release.json line 4: not valid YAML or JSON");
    }

    @Test
    void reportsMissingFieldsAndDuplicateApplications() {
        assertThatThrownBy(() -> ReleaseManifest.parse("r.yaml", "name: shop\nversion: 1\n"))
                .hasMessage("r.yaml line 1: manifest shop has no 'components'");
        assertThatThrownBy(() -> ReleaseManifest.parse("r.yaml", YAML.replace("application: web", "application: api")
                .replace("dependsOn: [api, db]", "dependsOn: [db]")))
                .hasMessageContaining("r.yaml line 12: manifest shop-release lists application api twice");
        assertThatThrownBy(() -> ReleaseManifest.parse("r.yaml", YAML.replace("dependsOn: [db]", "dependsOn: [cache]")))
                .hasMessageContaining("r.yaml line 8: component api depends on cache, which is not a component");
    }

    @Test
    void refusesAKeyGivenTwiceInsteadOfKeepingTheLastValue() {
        String twice = YAML.replace("    version: 1.2.0\n", "    version: 1.2.0\n    version: 1.3.0\n");

        assertThatThrownBy(() -> ReleaseManifest.parse("r.yaml", twice))
                .isInstanceOf(ManifestDefinitionException.class)
                .hasMessage("r.yaml line 10: key 'version' appears twice in a component (first on line 9); "
                        + "each key may appear once");
    }

    private static final String TARGETS = """
            name: shop-release
            version: 2026.11.2
            components:
              - application: api
                version: 1.2.0
                digest: %s
                kubernetes:
                  deploymentName: api
                  strategy: canary
                  canarySteps: "10,50"
              - application: web
                version: 3.0.0
                digest: %s
                kubernetes:
                  deploymentName: web
                  namespace: shop-web
                  container: nginx
                  strategy: blueGreen
                  blueGreenService: web
              - application: db
                version: 1.0.0
                digest: %s
            """.formatted(API, WEB, DB);

    @Test
    void readsKubernetesTargetsPerComponentAndKeepsThemInTheCanonicalJson() {
        ReleaseManifest manifest = ReleaseManifest.parse("release.yaml", TARGETS);

        ManifestTarget api = manifest.component("api").orElseThrow().kubernetes().orElseThrow();
        assertThat(api.deploymentName()).isEqualTo("api");
        assertThat(api.container()).as("defaults to the Deployment's name").isEqualTo("api");
        assertThat(api.namespace()).as("the environment's").isEmpty();
        assertThat(api.canarySteps()).containsExactly(10, 50, 100);
        ManifestTarget web = manifest.component("web").orElseThrow().kubernetes().orElseThrow();
        assertThat(web.strategyName()).isEqualTo("blueGreen");
        assertThat(web.blueGreenService()).isEqualTo("web");
        assertThat(web.in("stage", "shop-stage").namespace()).isEqualTo("shop-web");
        assertThat(api.in("stage", "shop-stage").namespace()).isEqualTo("shop-stage");
        assertThat(manifest.component("db").orElseThrow().kubernetes()).isEmpty();
        assertThat(manifest.canonicalJson()).contains("\"kubernetes\":{\"blueGreenService\":\"\",\"canarySteps\":[10,50,100],"
                + "\"container\":\"api\",\"deploymentName\":\"api\",\"namespace\":\"\",\"strategy\":\"canary\"}");

        ReleaseManifest again = ReleaseManifest.parse("canonical", manifest.canonicalJson());
        assertThat(again.digest()).as("the canonical JSON reads back as the same release").isEqualTo(manifest.digest());
        assertThat(again.component("web").orElseThrow().kubernetes()).isEqualTo(Optional.of(web));
        String listed = TARGETS.replace("canarySteps: \"10,50\"", "canarySteps: [10, 50, 100]\n      container: api");
        assertThat(ReleaseManifest.parse("release.yaml", listed).digest()).isEqualTo(manifest.digest());
    }

    @Test
    void aManifestWithoutTargetsKeepsTheCanonicalFormItHadBeforeTargetsExisted() {
        assertThat(ReleaseManifest.parse("release.yaml", YAML).canonicalJson()).isEqualTo("{\"components\":["
                + "{\"application\":\"api\",\"dependsOn\":[\"db\"],\"digest\":\"" + API + "\",\"pinned\":false,\"version\":\"1.2.0\"},"
                + "{\"application\":\"db\",\"dependsOn\":[],\"digest\":\"" + DB + "\",\"pinned\":true,\"version\":\"1.0.0\"},"
                + "{\"application\":\"web\",\"dependsOn\":[\"api\",\"db\"],\"digest\":\"" + WEB + "\",\"pinned\":false,\"version\":\"3.0.0\"}],"
                + "\"name\":\"shop-release\",\"version\":\"2026.11.1\"}");
    }

    @Test
    void refusesAnInvalidKubernetesTargetNamingTheComponentTheFieldAndItsLine() {
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("strategy: canary", "strategy: Canary")))
                .hasMessage("release.yaml line 9: component api: kubernetes.strategy must be rolling, blueGreen or canary, "
                        + "but was 'Canary'");
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("      blueGreenService: web\n", "")))
                .hasMessageStartingWith("release.yaml line 15: component web: kubernetes.blueGreenService is required with "
                        + "strategy blueGreen");
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("strategy: canary", "strategy: rolling")))
                .hasMessage("release.yaml line 10: component api: kubernetes.canarySteps is only used with strategy canary, "
                        + "but strategy was rolling; remove canarySteps or set strategy: canary");
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("\"10,50\"", "\"50,10\"")))
                .hasMessage("release.yaml line 10: component api: kubernetes.canarySteps: canary steps must rise strictly, "
                        + "but 10 follows 50 in '50,10'");
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("namespace: shop-web", "namespace: Shop_Web")))
                .hasMessageStartingWith("release.yaml line 16: component web: kubernetes.namespace must be a DNS-1123 label")
                .hasMessageEndingWith("but was 'Shop_Web'");
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("deploymentName: api", "deployment: api")))
                .hasMessageStartingWith("release.yaml line 8: unknown key 'deployment' in the kubernetes block of component api; "
                        + "allowed keys are blueGreenService, canarySteps, container, deploymentName, namespace, strategy");
        assertThatThrownBy(() -> ReleaseManifest.parse("release.yaml", TARGETS.replace("      deploymentName: web\n", "")))
                .hasMessage("release.yaml line 15: the kubernetes block of component web has no 'deploymentName'");
    }

    @Test
    void buildsAManifestFromRegisteredArtifacts() {
        Artifact api = new Artifact("api", "1.2.0", io.jenkins.plugins.routetolive.engine.artifact.Digest.parse(API));
        Artifact db = new Artifact("db", "1.0.0", io.jenkins.plugins.routetolive.engine.artifact.Digest.parse(DB));
        ReleaseManifest manifest = ReleaseManifest.of("shop-release", "7", List.of(
                new RegisteredArtifact(api, "abc1234", "dora", "ci#7", Instant.EPOCH),
                new RegisteredArtifact(db, "abc1234", "dora", "ci#7", Instant.EPOCH)));

        assertThat(manifest.components()).extracting(ManifestComponent::application).containsExactly("api", "db");
        assertThat(manifest.components()).noneMatch(ManifestComponent::pinned);
    }
}
