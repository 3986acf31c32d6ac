package io.jenkins.plugins.routetolive.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import hudson.model.User;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void importsRoutesAssignmentsAndTheLedgerChoiceAndExportsThemAgain(JenkinsConfiguredWithCodeRule j) throws Exception {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();

        assertEquals(2, config.getRoutes().size());
        assertEquals("regulated", config.routeNameFor("payments/ledger-service"));
        assertEquals("default", config.routeNameFor("shop"));
        Route regulated = config.route("regulated");
        Environment production = regulated.environment("production");
        assertEquals(2, production.approval().required());
        assertTrue(production.approval().groups().contains("release-managers"));
        assertFalse(production.approval().allowAdminBypass());
        assertEquals(1, production.freezeWindows().size());
        assertEquals("prod", config.environmentConfig("regulated", "production").getKubernetesNamespace());
        assertEquals("prod-kubeconfig", config.environmentConfig("regulated", "production").getKubernetesCredentialsId());
        assertEquals("release-eu", config.controllerIdentity());

        String yaml = exported();
        assertThat(yaml, containsString("name: \"regulated\""));
        assertThat(yaml, containsString("jobPattern: \"payments/.*\""));
        assertThat(yaml, containsString("kubernetesCredentialsId: \"prod-kubeconfig\""));
        assertThat(yaml, containsString("fromDay: \"FRIDAY\""));
        assertThat(yaml, containsString("controllerName: \"release-eu\""));
    }

    /** The YAML the user guide shows under Configuration is what an administrator copies: it must load and come back. */
    @Test
    void theUserGuidesYamlLoadsAndExportsToYamlThatLoadsTheSame(JenkinsConfiguredWithCodeRule j) throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "user-guide.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```yaml\n(unclassified:\n  routeToLive:\n.*?)```", Pattern.DOTALL).matcher(guide);
        assertTrue(block.find(), "the user guide has a routeToLive YAML block");
        Path yaml = Files.createTempFile("user-guide", ".yaml");
        Files.writeString(yaml, block.group(1), StandardCharsets.UTF_8);

        ConfigurationAsCode.get().configure(yaml.toString());

        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        assertEquals("regulated", config.routeNameFor("payments/api"));
        Environment production = config.route("regulated").environment("production");
        assertEquals(2, production.approval().required());
        assertTrue(production.approval().excludePreviousApprovers());
        assertEquals(300, production.gates().soak().toSeconds());
        assertEquals("https://k8s.example.com:6443",
                config.environmentConfig("regulated", "production").getKubernetesServerUrl());
        assertEquals("test", config.getEphemeralEnvironments().getTemplateEnvironment());
        assertEquals(48, config.getEphemeralEnvironments().getTimeToLiveHours());
        assertEquals("https://{namespace}.preview.example.com", config.getEphemeralEnvironments().getUrlPattern());
        String first = exported();
        assertThat(first, containsString("templateEnvironment: \"test\""));

        Path again = Files.createTempFile("exported", ".yaml");
        Files.writeString(again, "unclassified:\n  routeToLive:\n" + first.replaceAll("(?m)^", "    "),
                StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(again.toString());

        assertEquals(first, exported());
    }

    @Test
    void refusesEphemeralEnvironmentsThatWouldLiveLessThanAnHour(JenkinsConfiguredWithCodeRule j) throws Exception {
        Path yaml = Files.createTempFile("ephemeral", ".yaml");
        Files.writeString(yaml, "unclassified:\n  routeToLive:\n    ephemeralEnvironments:\n      templateEnvironment: development\n"
                + "      timeToLiveHours: 0\n", StandardCharsets.UTF_8);

        Exception e = assertThrows(Exception.class, () -> ConfigurationAsCode.get().configure(yaml.toString()));

        assertThat(rootMessage(e), containsString("ephemeral environments timeToLiveHours must be at least 1, but was 0"));
        assertEquals(72, RouteToLiveConfiguration.get().getEphemeralEnvironments().getTimeToLiveHours());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Test
    @ConfiguredWithCode("permissions.yml")
    void matrixAuthorizationGrantsTheRouteToLivePermissionsByTheirNames(JenkinsConfiguredWithCodeRule j) {
        assertTrue(Jenkins.get().getACL().hasPermission2(User.getById("rita", true).impersonate2(),
                RouteToLivePermissions.APPROVE));
        assertFalse(Jenkins.get().getACL().hasPermission2(User.getById("rita", true).impersonate2(),
                RouteToLivePermissions.ROLLBACK));
        assertTrue(Jenkins.get().getACL().hasPermission2(User.getById("rhea", true).impersonate2(),
                RouteToLivePermissions.OVERRIDE));
        assertTrue(Jenkins.get().getACL().hasPermission2(User.getById("olga", true).impersonate2(),
                RouteToLivePermissions.ROLLBACK));
        assertFalse(Jenkins.get().getACL().hasPermission2(User.getById("dora", true).impersonate2(),
                RouteToLivePermissions.APPROVE));
    }

    private static String exported() throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = Util.getUnclassifiedRoot(context).get("routeToLive");
        return Util.toYamlString(exported);
    }
}
