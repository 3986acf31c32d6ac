package io.jenkins.plugins.routetolive.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.routetolive.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every {@code api/json} the user guide documents answers its fields; {@code tree=}, {@code depth=},
 * {@code ?limit=} and {@code api/xml} work; a user without Read on a job learns nothing of it; no secret of a
 * health URL reaches an answer.
 */
@WithJenkins
class RestApiTest {

    static final Set<String> ENVIRONMENT_FIELDS = Set.of("name", "version", "digest", "lastKnownGoodVersion",
            "lastKnownGoodDigest", "broken", "brokenReason", "since");
    static final Set<String> PENDING_FIELDS = Set.of("promotionId", "job", "build", "url", "application", "version",
            "digest", "environment", "requestedBy", "requestedAt", "required", "given", "approvers", "mayDecide");

    static JSONObject json(JenkinsRule j, String user, String path) throws Exception {
        return j.createWebClient().login(user).getJSON(path).getJSONObject();
    }

    static void assertHas(Set<String> fields, JSONObject object) {
        assertTrue(object.keySet().containsAll(fields), "missing " + fields + " in " + object.keySet());
    }

    static JSONObject named(JSONArray array, String key, String value) {
        for (Object o : array) {
            if (value.equals(((JSONObject) o).optString(key))) {
                return (JSONObject) o;
            }
        }
        throw new AssertionError("no " + key + "=" + value + " in " + array);
    }

    @Test
    void eachApiAnswersTheDocumentedFields(JenkinsRule j) throws Exception {
        try (Fixtures.Health health = new Fixtures.Health()) {
            String secretUrl = health.url() + "?token=s3cr3t-t0ken";
            Approvals a = Approvals.waiting(j, secretUrl);
            String shopId = Approvals.newestId(a.shopRun);

            JSONObject inbox = json(j, "tess", "route-to-live/approvals/api/json");
            JSONObject pending = named(inbox.getJSONArray("pending"), "promotionId", shopId);
            assertHas(PENDING_FIELDS, pending);
            assertEquals("shop", pending.getString("job"));
            assertEquals(1, pending.getInt("build"));
            assertEquals(j.getURL() + "job/shop/1/route-to-live/", pending.getString("url"));
            assertEquals("shop", pending.getString("application"));
            assertEquals("1.0.0", pending.getString("version"));
            assertTrue(pending.getString("digest").startsWith("sha256:"));
            assertEquals("test", pending.getString("environment"));
            assertEquals("dora", pending.getString("requestedBy"));
            assertTrue(pending.getString("requestedAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
            assertEquals(1, pending.getInt("required"));
            assertEquals(0, pending.getJSONArray("given").size());
            assertEquals("members of testers", pending.getString("approvers"));
            assertTrue(pending.getBoolean("mayDecide"));

            assertEquals(302, Fixtures.decide(j, a.shopRun, "tess", "approve", shopId).getStatusCode());
            j.assertBuildStatusSuccess(j.waitForCompletion(a.shopRun));

            JSONObject board = json(j, "tess", "route-to-live/api/json");
            JSONObject shop = named(board.getJSONArray("applications"), "name", "shop");
            assertEquals("default", shop.getString("route"));
            JSONArray environments = shop.getJSONArray("environments");
            assertEquals(List.of("development", "test", "stage", "production"), names(environments, "name"));
            JSONObject test = environments.getJSONObject(1);
            assertHas(ENVIRONMENT_FIELDS, test);
            assertEquals("1.0.0", test.getString("version"));
            assertEquals(test.getString("digest"), test.getString("lastKnownGoodDigest"));
            assertEquals("1.0.0", test.getString("lastKnownGoodVersion"));
            assertFalse(test.getBoolean("broken"));
            assertEquals("", test.getString("brokenReason"));
            assertTrue(test.getString("since").endsWith("Z"));
            assertHas(ENVIRONMENT_FIELDS, environments.getJSONObject(2));
            assertTrue(environments.getJSONObject(2).getJSONObject("version").isNullObject(), "nothing runs in stage");
            assertEquals(List.of("payments", "shop"),
                    names(json(j, "tess", "route-to-live/api/json?tree=applications[name]").getJSONArray("applications"), "name"));

            JSONObject build = json(j, "tess", a.shopRun.getUrl() + "route-to-live/api/json");
            JSONArray promotions = build.getJSONArray("promotions");
            assertEquals(2, promotions.size());
            JSONObject toTest = promotions.getJSONObject(0);
            assertEquals(shopId, toTest.getString("promotionId"));
            assertEquals("VERIFIED", toTest.getString("state"));
            assertEquals("test", toTest.getString("environment"));
            assertEquals(List.of("local", "build", "development", "test", "stage", "production"),
                    names(toTest.getJSONArray("route"), "environment"));
            assertEquals(List.of("SOURCE", "REGISTERED", "PASSED", "PASSED", "NOT_REACHED", "NOT_REACHED"),
                    names(toTest.getJSONArray("route"), "status"));
            JSONObject registered = toTest.getJSONArray("route").getJSONObject(1);
            assertEquals("shop", registered.getString("job"));
            assertEquals(1, registered.getInt("build"));
            JSONObject decision = toTest.getJSONArray("decisions").getJSONObject(0);
            assertEquals("tess", decision.getString("approver"));
            assertEquals("approved", decision.getString("decision"));
            assertEquals("checked by tess", decision.getString("comment"));
            JSONObject gate = toTest.getJSONArray("gates").getJSONObject(0);
            assertEquals("passed", gate.getString("verdict"));
            assertTrue(gate.getString("gate").contains("?token=****"), gate.getString("gate"));
            assertFalse(gate.containsKey("probes"), "probes come with depth=1");
            JSONArray probes = json(j, "tess", a.shopRun.getUrl() + "route-to-live/api/json?depth=1")
                    .getJSONArray("promotions").getJSONObject(0).getJSONArray("gates").getJSONObject(0)
                    .getJSONArray("probes");
            assertEquals(gate.getInt("probeCount"), probes.size());
            assertHas(Set.of("at", "success", "status", "latencyMillis", "reason"), probes.getJSONObject(0));
            assertEquals("HTTP 200", probes.getJSONObject(0).getString("status"));
            String xml = j.createWebClient().login("tess").goToXml(a.shopRun.getUrl() + "route-to-live/api/xml")
                    .getWebResponse().getContentAsString();
            assertTrue(xml.contains("<promotionId>" + shopId + "</promotionId>"), xml);

            JSONObject job = json(j, "tess", "job/shop/environments/api/json");
            assertEquals("default", job.getString("routeName"));
            JSONObject app = named(job.getJSONArray("applications"), "name", "shop");
            assertHas(ENVIRONMENT_FIELDS, app.getJSONArray("environments").getJSONObject(0));
            JSONArray history = app.getJSONArray("history");
            assertTrue(history.size() > 3, history.toString());
            assertHas(Set.of("sequence", "time", "environment", "version", "digest", "what", "actor", "reason",
                    "promotionId", "job", "build"), history.getJSONObject(0));
            JSONArray two = named(json(j, "tess", "job/shop/environments/api/json?limit=2").getJSONArray("applications"),
                    "name", "shop").getJSONArray("history");
            assertEquals(2, two.size());
            assertEquals(history.getJSONObject(0).getLong("sequence"), two.getJSONObject(0).getLong("sequence"));
            assertTrue(two.getJSONObject(0).getLong("sequence") > two.getJSONObject(1).getLong("sequence"), "newest first");
            assertEquals("verified", two.getJSONObject(0).getString("what"));

            for (String path : List.of("route-to-live/api/json?depth=2", "route-to-live/approvals/api/json?depth=2",
                    a.shopRun.getUrl() + "route-to-live/api/json?depth=3", "job/shop/environments/api/json?depth=2",
                    "route-to-live/application/shop/api/json?depth=2")) {
                String answer = j.createWebClient().login("tess").goTo(path, "application/json").getWebResponse()
                        .getContentAsString();
                assertFalse(answer.contains("s3cr3t"), path + ": " + answer);
            }
            a.paymentsRun.doStop();
            j.waitForCompletion(a.paymentsRun);
        }
    }

    @Test
    void aUserWithoutReadOnAJobLearnsNothingOfIt(JenkinsRule j) throws Exception {
        try (Fixtures.Health health = new Fixtures.Health()) {
            Approvals a = Approvals.waiting(j, health.url());
            WorkflowRun payments = a.paymentsRun;

            assertEquals(List.of("payments", "shop"), names(json(j, "tess", "route-to-live/api/json")
                    .getJSONArray("applications"), "name"));
            assertEquals(List.of("shop"), names(json(j, "rex", "route-to-live/api/json").getJSONArray("applications"), "name"));
            assertEquals(List.of("shop"), names(json(j, "rex", "route-to-live/approvals/api/json").getJSONArray("pending"),
                    "application"));
            String board = j.createWebClient().login("rex").goTo("route-to-live/").getWebResponse().getContentAsString();
            assertFalse(board.contains("payments"), board);
            String inbox = j.createWebClient().login("rex").goTo("route-to-live/approvals/").getWebResponse()
                    .getContentAsString();
            assertFalse(inbox.contains("payments"), inbox);

            JenkinsRule.WebClient rex = j.createWebClient().login("rex");
            for (String path : List.of(payments.getUrl() + "route-to-live/", payments.getUrl() + "route-to-live/api/json",
                    "job/payments/environments/", "job/payments/environments/api/json",
                    "route-to-live/application/payments/", "route-to-live/application/payments/api/json")) {
                rex.assertFails(path, 404);
            }
            j.createWebClient().login("tess").goTo("route-to-live/application/payments/");

            a.shopRun.doStop();
            payments.doStop();
            j.waitForCompletion(a.shopRun);
            j.waitForCompletion(payments);
        }
    }

    static List<String> names(JSONArray array, String key) {
        List<String> names = new ArrayList<>();
        for (Object o : array) {
            names.add(((JSONObject) o).getString(key));
        }
        return names;
    }
}
