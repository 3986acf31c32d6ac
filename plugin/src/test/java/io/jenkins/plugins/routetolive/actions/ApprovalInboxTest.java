package io.jenkins.plugins.routetolive.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The approval inbox at {@code route-to-live/approvals/}: what each user sees and may decide, deciding from it
 * (which wakes the waiting build), its refusals, and the count on the header's Route to Live link.
 */
@WithJenkins
class ApprovalInboxTest {

    /** The inbox rows as the user sees them: promotion id → the row's text. */
    static Map<String, String> rows(HtmlPage inbox) {
        Map<String, String> rows = new TreeMap<>();
        for (DomElement row : inbox.getElementsByTagName("tr")) {
            if (row.getId().startsWith("pending-")) {
                rows.put(row.getId().substring("pending-".length()), row.getVisibleText().replaceAll("\\s+", " "));
            }
        }
        return rows;
    }

    static HtmlPage inbox(JenkinsRule j, String user) throws Exception {
        return j.createWebClient().login(user).goTo("route-to-live/approvals/");
    }

    static JSONArray pending(JenkinsRule j, String user) throws Exception {
        return j.createWebClient().login(user).getJSON("route-to-live/approvals/api/json").getJSONObject()
                .getJSONArray("pending");
    }

    @Test
    void eachUserSeesWhatTheyMayReadAndMayDecideWhereThePolicyLetsThem(JenkinsRule j) throws Exception {
        try (Fixtures.Health health = new Fixtures.Health()) {
            Approvals a = Approvals.waiting(j, health.url());
            String shop = Approvals.newestId(a.shopRun);
            String payments = Approvals.newestId(a.paymentsRun);

            Map<String, String> tess = rows(inbox(j, "tess"));
            assertEquals(new TreeMap<>(Map.of(shop, "", payments, "")).keySet(), tess.keySet());
            assertTrue(tess.get(shop).contains("shop 1.0.0"), tess.get(shop));
            assertTrue(tess.get(shop).contains("test"), tess.get(shop));
            assertTrue(tess.get(shop).contains("shop #1"), tess.get(shop));
            assertTrue(tess.get(shop).contains("dora"), tess.get(shop));
            assertTrue(tess.get(shop).contains("0 of 1 from members of testers"), tess.get(shop));
            assertTrue(tess.get(payments).contains("payments 2.0.0"), tess.get(payments));
            HtmlPage tessPage = inbox(j, "tess");
            assertNotNull(tessPage.getFormByName("decide-" + shop));
            assertNotNull(tessPage.getFormByName("decide-" + payments));

            Map<String, String> tom = rows(inbox(j, "tom"));
            assertEquals(List.of(shop), new ArrayList<>(tom.keySet()), "tom may not read payments");
            assertTrue(tom.get(shop).contains("tom may not approve or reject promotions of shop: that needs the "
                    + "Route to Live/Approve permission."), tom.get(shop));
            assertTrue(inbox(j, "tom").getForms().stream().noneMatch(f -> f.getNameAttribute().startsWith("decide-")));

            Map<String, String> rex = rows(inbox(j, "rex"));
            assertEquals(List.of(shop), new ArrayList<>(rex.keySet()), "rex may not read payments");
            assertTrue(rex.get(shop).contains("Only members of testers may approve test; you are rex."), rex.get(shop));

            assertDecides(pending(j, "tess"), Map.of(shop, true, payments, true));
            assertDecides(pending(j, "tom"), Map.of(shop, false));
            assertDecides(pending(j, "rex"), Map.of(shop, false));
            assertDecides(pending(j, "dora"), Map.of(shop, false));

            assertTrue(headerBadge(j, "tess").contains("2 promotions await your approval"), headerBadge(j, "tess"));
            assertNull(headerBadge(j, "rex"));
            assertNull(headerBadge(j, "tom"));

            a.shopRun.doStop();
            a.paymentsRun.doStop();
            j.waitForCompletion(a.shopRun);
            j.waitForCompletion(a.paymentsRun);
            assertTrue(rows(inbox(j, "tess")).isEmpty());
            assertTrue(inbox(j, "tess").getVisibleText().contains("Nothing awaits approval"));
        }
    }

    private static void assertDecides(JSONArray pending, Map<String, Boolean> expected) {
        Map<String, Boolean> actual = new TreeMap<>();
        for (Object o : pending) {
            JSONObject item = (JSONObject) o;
            actual.put(item.getString("promotionId"), item.getBoolean("mayDecide"));
        }
        assertEquals(new TreeMap<>(expected), actual);
    }

    /** The tooltip of the badge on the header's Route to Live link, or null when it has none. */
    static String headerBadge(JenkinsRule j, String user) throws Exception {
        HtmlPage home = j.createWebClient().login(user).goTo("");
        DomElement link = home.getElementById("root-action-ReleaseDashboard");
        assertNotNull(link, "the Route to Live link is in the header");
        if (link.querySelectorAll("span.jenkins-badge").isEmpty()) {
            return null;
        }
        return link.getAttribute("data-html-tooltip");
    }

    @Test
    void decidingFromTheInboxWakesTheBuildAndAnswersScriptsAsTheBuildPageDoes(JenkinsRule j) throws Exception {
        try (Fixtures.Health health = new Fixtures.Health()) {
            Approvals a = Approvals.waiting(j, health.url());
            String shop = Approvals.newestId(a.shopRun);
            String payments = Approvals.newestId(a.paymentsRun);

            HtmlPage page = inbox(j, "tess");
            assertEquals(List.of("pending-" + shop, "pending-" + payments), rowIds(page), "the longest waiting first");
            HtmlForm form = page.getFormByName("decide-" + shop);
            form.getInputByName("comment").setValue("<script>alert('inbox')</script> tested");
            List<String> alerts = new ArrayList<>();
            page.getWebClient().setAlertHandler((p, message) -> alerts.add(message));
            HtmlPage after = ((HtmlElement) form.getFirstByXPath(".//button[@name='approve']")).click();

            assertEquals("route-to-live/approvals/", after.getUrl().getPath().substring(j.contextPath.length() + 1));
            j.assertBuildStatusSuccess(j.waitForCompletion(a.shopRun));
            j.assertLogContains("tess approved shop 1.0.0", a.shopRun);
            assertEquals(List.of("pending-" + payments), rowIds(inbox(j, "tess")));

            // rex and tom may not read payments: for them its promotion does not exist
            assertAnswer(404, "No promotion '" + payments + "' on a build you may see.",
                    Approvals.postToInbox(j, "rex", "approve", "?promotionId=" + payments));
            assertAnswer(404, "No promotion '" + payments + "' on a build you may see.",
                    Approvals.postToInbox(j, "tom", "reject", "?promotionId=" + payments));
            assertAnswer(400, "Give promotionId=<id>: the promotionId of an item of route-to-live/approvals/api/json.",
                    Approvals.postToInbox(j, "tess", "approve", ""));
            assertAnswer(409, "Promotion " + shop + " is verified, not awaiting approval.",
                    Approvals.postToInbox(j, "tess", "approve", "?promotionId=" + shop));
            JenkinsRule.WebClient get = j.createWebClient().login("tess");
            get.getOptions().setThrowExceptionOnFailingStatusCode(false);
            assertEquals(405, get.goTo("route-to-live/approvals/approve?promotionId=" + payments, null)
                    .getWebResponse().getStatusCode(), "deciding needs POST");

            WebResponse rejected = Approvals.postToInbox(j, "tess", "reject", "?promotionId=" + payments
                    + "&comment=broken+checkout");
            assertEquals(302, rejected.getStatusCode());
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(a.paymentsRun));
            j.assertLogContains("was rejected by tess: broken checkout", a.paymentsRun);

            HtmlPage build = j.createWebClient().login("tess").getPage(a.shopRun, "route-to-live/");
            assertTrue(build.getVisibleText().contains("<script>alert('inbox')</script> tested"), build.getVisibleText());
            assertTrue(alerts.isEmpty(), alerts.toString());
        }
    }

    @Test
    void refusesByThePermissionFirstThenByTheEnginesPolicy(JenkinsRule j) throws Exception {
        try (Fixtures.Health health = new Fixtures.Health()) {
            Approvals a = Approvals.waiting(j, health.url());
            String shop = Approvals.newestId(a.shopRun);

            assertAnswer(403, "Only members of testers may approve test; you are rex.",
                    Approvals.postToInbox(j, "rex", "approve", "?promotionId=" + shop));

            assertAnswer(403, "tom may not approve or reject promotions of shop: that needs the Route to Live/Approve "
                    + "permission.", Approvals.postToInbox(j, "tom", "approve", "?promotionId=" + shop));
            assertAnswer(403, "dora may not approve or reject promotions of shop: that needs the Route to Live/Approve "
                    + "permission.", Approvals.postToInbox(j, "dora", "approve", "?promotionId=" + shop));
            assertTrue(a.shopRun.isBuilding());

            a.shopRun.doStop();
            a.paymentsRun.doStop();
            j.waitForCompletion(a.shopRun);
            j.waitForCompletion(a.paymentsRun);
        }
    }

    static List<String> rowIds(HtmlPage page) {
        List<String> ids = new ArrayList<>();
        for (DomElement row : page.getElementsByTagName("tr")) {
            if (row.getId().startsWith("pending-")) {
                ids.add(row.getId());
            }
        }
        return ids;
    }

    static void assertAnswer(int status, String sentence, WebResponse response) {
        assertEquals(status, response.getStatusCode(), response.getContentAsString());
        assertEquals("text/plain", response.getContentType());
        assertEquals(sentence, response.getContentAsString().strip());
        assertFalse(sentence.isEmpty());
    }
}
