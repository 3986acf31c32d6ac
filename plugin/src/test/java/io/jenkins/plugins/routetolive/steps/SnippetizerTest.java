package io.jenkins.plugins.routetolive.steps;

import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step round-trips through the Snippet Generator and its documentation can be generated. */
@WithJenkins
class SnippetizerTest {

    @Test
    void stepsRoundTripThroughTheSnippetGenerator(JenkinsRule j) throws Exception {
        SnippetizerTester tester = new SnippetizerTester(j);

        tester.assertRoundTrip(new RouteStatusStep("shop"), "routeStatus 'shop'");

        RegisterArtifactStep register = new RegisterArtifactStep("shop", "1.0.0");
        register.setFile("target/shop.jar");
        tester.assertRoundTrip(register, "registerArtifact application: 'shop', file: 'target/shop.jar', version: '1.0.0'");

        RollbackEnvironmentStep rollback = new RollbackEnvironmentStep("shop", "production", "INC-42");
        rollback.setHealthUrl("https://shop.example.com/health");
        tester.assertRoundTrip(rollback, "rollbackEnvironment application: 'shop', environment: 'production', "
                + "healthUrl: 'https://shop.example.com/health', reason: 'INC-42'");

        PromoteStep promote = new PromoteStep("shop", "test");
        promote.setDigest("sha256:" + "a".repeat(64));
        promote.setHealthUrl("https://shop.test.example.com/health");
        tester.assertRoundTrip(promote, "promote application: 'shop', digest: 'sha256:" + "a".repeat(64) + "', "
                + "environment: 'test', healthUrl: 'https://shop.test.example.com/health'");

        PromoteStep kubernetes = new PromoteStep("shop", "production");
        kubernetes.setVersion("1.2.0");
        kubernetes.setDeployment("kubernetes");
        kubernetes.setDeploymentName("shop");
        kubernetes.setStrategy("canary");
        kubernetes.setCanarySteps("10,50");
        tester.assertRoundTrip(kubernetes, "promote application: 'shop', canarySteps: '10,50', deployment: 'kubernetes', "
                + "deploymentName: 'shop', environment: 'production', strategy: 'canary', version: '1.2.0'");

        WithPromotionStep block = new WithPromotionStep("shop", "stage");
        block.setVersion("1.2.0");
        block.setHealthUrl("https://shop.stage.example.com/health");
        tester.assertRoundTrip(block, "withPromotion(application: 'shop', environment: 'stage', "
                + "healthUrl: 'https://shop.stage.example.com/health', version: '1.2.0') {\n    // some block\n}");

        PromoteReleaseStep release = new PromoteReleaseStep("{\"name\": \"shop-release\", \"version\": \"1\"}", "stage");
        release.setHealthUrlPattern("https://{application}.stage.example.com/health");
        release.setApprovalTimeoutHours(24);
        tester.assertRoundTrip(release, "promoteRelease approvalTimeoutHours: 24, environment: 'stage', "
                + "healthUrlPattern: 'https://{application}.stage.example.com/health', "
                + "manifest: '{\"name\": \"shop-release\", \"version\": \"1\"}'");

        ProvenanceStep provenance = new ProvenanceStep("shop", "sha256:" + "a".repeat(64));
        tester.assertRoundTrip(provenance, "provenance application: 'shop', digest: 'sha256:" + "a".repeat(64) + "'");

        EphemeralEnvironmentStep ephemeral = new EphemeralEnvironmentStep("shop");
        ephemeral.setDigest("sha256:" + "a".repeat(64));
        ephemeral.setDeploymentName("shop-web");
        ephemeral.setHealthUrl("http://shop-web.{namespace}.svc.cluster.local:8080/health");
        tester.assertRoundTrip(ephemeral, "ephemeralEnvironment application: 'shop', deploymentName: 'shop-web', digest: 'sha256:"
                + "a".repeat(64) + "', healthUrl: 'http://shop-web.{namespace}.svc.cluster.local:8080/health'");

        EphemeralEnvironmentStep everything = new EphemeralEnvironmentStep("shop");
        everything.setVersion("1.2.0");
        everything.setServiceName("shop-http");
        everything.setContainer("app");
        tester.assertRoundTrip(everything, "ephemeralEnvironment application: 'shop', container: 'app', serviceName: "
                + "'shop-http', version: '1.2.0'");

        tester.assertRoundTrip(new EphemeralTeardownStep("shop"), "ephemeralTeardown 'shop'");
    }

    @Test
    void documentationCanBeGeneratedForEveryStep(JenkinsRule j) throws Exception {
        SnippetizerTester.assertDocGeneration(PromoteStep.class);
        SnippetizerTester.assertDocGeneration(WithPromotionStep.class);
        SnippetizerTester.assertDocGeneration(RegisterArtifactStep.class);
        SnippetizerTester.assertDocGeneration(RollbackEnvironmentStep.class);
        SnippetizerTester.assertDocGeneration(RouteStatusStep.class);
        SnippetizerTester.assertDocGeneration(PromoteReleaseStep.class);
        SnippetizerTester.assertDocGeneration(ProvenanceStep.class);
        SnippetizerTester.assertDocGeneration(EphemeralEnvironmentStep.class);
        SnippetizerTester.assertDocGeneration(EphemeralTeardownStep.class);
    }
}
