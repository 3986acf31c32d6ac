package io.jenkins.plugins.routetolive.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import net.sf.json.JSONObject;
import net.sf.json.util.JSONUtils;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The board and the job's Environments page show each environment's delivery measures, and api/json has them. */
@WithJenkins
class DeliveryMetricsPagesTest {

    @Test
    void showsTheFourMeasuresPerEnvironmentWithTheirTrendOnPagesAndInTheApi(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob good = Fixtures.job(j, "shop", Fixtures.registeredAndInDevelopment(health.url()));
            j.buildAndAssertSuccess(good);
            health.status.set(503);
            j.buildAndAssertStatus(Result.FAILURE, Fixtures.job(j, "bad", Fixtures.registered("1.1.0")
                    + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '"
                    + health.url() + "'\n"));

            JSONObject board = j.createWebClient().getJSON("route-to-live/api/json").getJSONObject();
            JSONObject development = RestApiTest.named(RestApiTest.named(board.getJSONArray("applications"), "name", "shop")
                    .getJSONArray("environments"), "name", "development");
            JSONObject metrics = development.getJSONObject("metrics");
            assertEquals("P30D", metrics.getString("window"));
            assertEquals(1, metrics.getInt("deployments"));
            assertEquals(1.0 / 30, metrics.getDouble("deploymentsPerDay"), 1e-6);
            assertTrue(metrics.getLong("leadTimeP50Seconds") >= 0);
            assertTrue(metrics.getLong("leadTimeP90Seconds") >= metrics.getLong("leadTimeP50Seconds"));
            assertEquals(0.5, metrics.getDouble("changeFailureRate"), 1e-9, "1 of 2 changes that reached deploying failed");
            assertTrue(JSONUtils.isNull(metrics.get("timeToRestoreP50Seconds")), "nothing was restored: no data (null), not 0");
            assertEquals("UP", metrics.getString("deploymentFrequencyTrend"));
            JSONObject production = RestApiTest.named(RestApiTest.named(board.getJSONArray("applications"), "name", "shop")
                    .getJSONArray("environments"), "name", "production");
            assertEquals(0, production.getJSONObject("metrics").getInt("deployments"));
            assertTrue(JSONUtils.isNull(production.getJSONObject("metrics").get("deploymentsPerDay")));

            JSONObject week = j.createWebClient().getJSON("route-to-live/api/json?metricsDays=7").getJSONObject();
            assertEquals("P7D", RestApiTest.named(RestApiTest.named(week.getJSONArray("applications"), "name", "shop")
                    .getJSONArray("environments"), "name", "development").getJSONObject("metrics").getString("window"));

            JSONObject jobApi = j.createWebClient().getJSON("job/shop/environments/api/json").getJSONObject();
            JSONObject jobDevelopment = RestApiTest.named(RestApiTest.named(jobApi.getJSONArray("applications"), "name",
                    "shop").getJSONArray("environments"), "name", "development");
            assertEquals(0.5, jobDevelopment.getJSONObject("metrics").getDouble("changeFailureRate"), 1e-9);

            String page = j.createWebClient().goTo("route-to-live/").getWebResponse().getContentAsString();
            assertTrue(page.contains("0.03 / day ↑"), page);
            assertTrue(page.contains("50 % (1 of 2)"), page);
            String environments = j.createWebClient().getPage(good, "environments").getWebResponse().getContentAsString();
            assertTrue(environments.contains("50 % (1 of 2)"), environments);
        }
    }
}
