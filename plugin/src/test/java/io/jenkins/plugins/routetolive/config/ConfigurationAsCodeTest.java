package io.jenkins.plugins.routetolive.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;
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

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = Util.getUnclassifiedRoot(context).get("routeToLive");
        String yaml = Util.toYamlString(exported);
        assertThat(yaml, containsString("name: \"regulated\""));
        assertThat(yaml, containsString("jobPattern: \"payments/.*\""));
        assertThat(yaml, containsString("kubernetesCredentialsId: \"prod-kubeconfig\""));
        assertThat(yaml, containsString("fromDay: \"FRIDAY\""));
    }
}
