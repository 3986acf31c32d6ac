package io.jenkins.plugins.routetolive.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class DefaultConfigurationTest {

    @Test
    void startsWithTheDefaultSixEnvironmentRouteForEveryJob(JenkinsRule j) {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();

        assertEquals("default", config.routeNameFor("any/job"));
        assertEquals("local → build → development → test → stage → production", config.route("default").describe());
        assertEquals(2, config.route("default").environment("production").approval().required());
        assertEquals("", config.getEphemeralEnvironments().getTemplateEnvironment());
        assertEquals(72, config.getEphemeralEnvironments().getTimeToLiveHours());
    }

    @Test
    void keepsTheConfigurationWhenTheSystemPageIsSavedUnchanged(JenkinsRule j) throws Exception {
        EphemeralConfig ephemeral = new EphemeralConfig();
        ephemeral.setTemplateEnvironment("development");
        ephemeral.setTimeToLiveHours(24);
        ephemeral.setUrlPattern("https://{namespace}.preview.example.com");
        RouteToLiveConfiguration.get().setEphemeralEnvironments(ephemeral);

        j.configRoundtrip();

        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        assertEquals(1, config.getRoutes().size());
        assertEquals(6, config.route("default").environments().size());
        assertEquals("release-managers", config.environmentConfig("default", "production").getApproverGroups());
        assertEquals("development", config.getEphemeralEnvironments().getTemplateEnvironment());
        assertEquals(24, config.getEphemeralEnvironments().getTimeToLiveHours());
        assertEquals("https://{namespace}.preview.example.com", config.getEphemeralEnvironments().getUrlPattern());
    }

    @Test
    void reportsAnInvalidRouteNamingTheFieldAndValue() {
        EnvironmentConfig bad = new EnvironmentConfig("Production", "deploy");
        RouteConfig route = new RouteConfig("broken", List.of(bad));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, route::toRoute);

        assertEquals("environment name must be 1 to 32 lower-case letters, digits or '-', starting and ending with a "
                + "letter or digit, but was 'Production'", e.getMessage());
    }
}
