package io.jenkins.plugins.routetolive.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What the pages show: states as badges, the route as a row of environments, relative times with the exact UTC
 * time as a tooltip, probes as a table, broken environments with their reason, no empty sections, and every
 * piece of free text escaped.
 */
@WithJenkins
class PagesTest {

    static final String SCRIPT = "<script>alert('xss')</script>";
    static final String IMG = "<img src=x onerror=alert('img')>";

    static JenkinsRule.WebClient browser(JenkinsRule j, String user, List<String> alerts) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login(user);
        wc.setAlertHandler((page, message) -> alerts.add(message));
        return wc;
    }

    /** The states drawn in the route row of a promotion, in route order. */
    static List<String> routeRow(HtmlPage page, String promotionId) {
        List<String> states = new ArrayList<>();
        DomElement section = page.getElementById("promotion-" + promotionId);
        for (DomNode badge : section.querySelectorAll(".rtl-route__stop .rtl-state")) {
            states.add(((DomElement) badge).getAttribute("data-state"));
        }
        return states;
    }

    @Test
    void theBuildPageDrawsStatesRouteApprovalsAndProbes(JenkinsRule j) throws Exception {
        try (Fixtures.Health health = new Fixtures.Health()) {
            Approvals a = Approvals.waiting(j, health.url());
            String toTest = Approvals.newestId(a.shopRun);
            List<String> alerts = new ArrayList<>();

            HtmlPage waiting = browser(j, "tess", alerts).getPage(a.shopRun, "route-to-live/");
            assertEquals(List.of("source", "registered", "passed", "awaiting-approval", "not-reached", "not-reached"),
                    routeRow(waiting, toTest));
            DomElement section = waiting.getElementById("promotion-" + toTest);
            assertTrue(section.getVisibleText().contains("Needs 1 approval from members of testers, not dora who "
                    + "requested it. Still missing: 1."), section.getVisibleText());
            assertNotNull(waiting.getFormByName("decide-" + toTest));
            HtmlPage asRex = browser(j, "rex", alerts).getPage(a.shopRun, "route-to-live/");
            assertTrue(asRex.getVisibleText().contains("Only members of testers may approve test; you are rex."));
            assertTrue(asRex.getForms().stream().noneMatch(f -> f.getNameAttribute().startsWith("decide-")));

            assertEquals(302, Fixtures.decide(j, a.shopRun, "tess", "approve", toTest).getStatusCode());
            j.assertBuildStatusSuccess(j.waitForCompletion(a.shopRun));

            HtmlPage page = browser(j, "dora", alerts).getPage(a.shopRun, "route-to-live/");
            assertEquals(List.of("source", "registered", "passed", "passed", "not-reached", "not-reached"),
                    routeRow(page, toTest));
            DomElement test = page.getElementById("promotion-" + toTest);
            assertEquals("verified", test.querySelector(".rtl-promotion__head .rtl-state").getVisibleText().strip());
            DomElement requested = test.querySelector(".rtl-facts time");
            assertTrue(requested.getVisibleText().endsWith("ago"), requested.getVisibleText());
            assertTrue(requested.getAttribute("tooltip").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"),
                    requested.getAttribute("tooltip"));
            List<String> probes = new ArrayList<>();
            for (DomNode row : test.querySelectorAll(".rtl-probes tbody tr")) {
                probes.add(row.getVisibleText().replaceAll("\\s+", " ").strip());
            }
            assertFalse(probes.isEmpty());
            assertTrue(probes.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} passed HTTP 200 \\d+ ms"), probes.get(0));
            assertTrue(test.getVisibleText().replaceAll("\\s+", " ").contains("tess approved checked by tess"),
                    test.getVisibleText());

            String toDevelopment = a.shopRun.getAction(PromotionAction.class).getPromotions().get(1).getId();
            DomElement development = page.getElementById("promotion-" + toDevelopment);
            assertFalse(development.getVisibleText().contains("Approvals"), "no approval needed, no section");
            assertTrue(development.getVisibleText().contains("Gate evidence"));
            assertTrue(alerts.isEmpty(), alerts.toString());

            a.paymentsRun.doStop();
            j.waitForCompletion(a.paymentsRun);
        }
    }

    @Test
    void brokenEnvironmentsShowTheirReasonAndFreeTextIsEscapedEverywhere(JenkinsRule j) throws Exception {
        try (Fixtures.Health healthy = new Fixtures.Health(); Fixtures.Health failing = new Fixtures.Health()) {
            failing.status.set(503);
            Fixtures.useRoute(Fixtures.fastDefaultRoute());
            WorkflowJob shop = Fixtures.job(j, "shop", "def a\n"
                    + "node {\n"
                    + "  writeFile file: 'app.jar', text: 'shop'\n"
                    + "  a = registerArtifact application: 'shop', version: '1.0.0+build.7', file: 'app.jar', "
                    + "sourceRevision: 'abc123'\n"
                    + "}\n"
                    + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '"
                    + healthy.url() + "'\n"
                    + "promote application: 'shop', environment: 'test', digest: a.digest, healthUrl: '"
                    + failing.url() + "'\n");
            shop.setDisplayName(IMG);
            WorkflowJob payments = Fixtures.job(j, "payments", Approvals.untilTest("payments", "2.0.0", healthy.url()));
            Approvals.secure(j, shop, payments);
            WorkflowRun run = Fixtures.startAs(shop, "dora");
            j.waitForMessage("Approve or reject promotion", run);
            WorkflowRun paymentsRun = Fixtures.startAs(payments, "dora");
            j.waitForMessage("Approve or reject promotion", paymentsRun);
            String toTest = Fixtures.newestPromotion(run).getId();
            List<String> alerts = new ArrayList<>();

            HtmlPage inbox = browser(j, "tess", alerts).goTo("route-to-live/approvals/");
            assertTrue(inbox.getVisibleText().contains(IMG), "the job's display name, as text");
            assertEquals(302, Fixtures.decide(j, run, "tess", "approve", toTest).getStatusCode());
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));

            // a rollback that fails (of a Kubernetes deployment, say) breaks the environment; the ledger records it so
            PromotionService service = RouteToLive.get().service("default");
            service.transition(toTest, PromotionState.ROLLING_BACK, "system", "restoring the last known good");
            service.transition(toTest, PromotionState.ROLLBACK_FAILED, "system", "rollback failed: " + SCRIPT);

            HtmlPage board = browser(j, "tess", alerts).goTo("route-to-live/");
            DomElement cell = board.querySelector(".rtl-board__cell--broken");
            assertNotNull(cell, "the broken environment is highlighted");
            assertEquals("broken", stateIn(cell, ".rtl-state"));
            assertTrue(cell.getVisibleText().contains("rollback failed: " + SCRIPT), cell.getVisibleText());
            assertTrue(cell.getVisibleText().contains("1.0.0+build.7"), cell.getVisibleText());
            assertEquals(1, board.querySelectorAll(".rtl-board__cell--broken").size());

            HtmlPage filtered = browser(j, "tess", alerts).goTo("route-to-live/?application=pay");
            assertEquals(List.of("payments"), applicationsOn(filtered));
            assertEquals(List.of("shop"), applicationsOn(browser(j, "tess", alerts).goTo("route-to-live/?application=shop")));
            assertTrue(browser(j, "tess", alerts).goTo("route-to-live/?application=nothing").getVisibleText()
                    .contains("No application matches “nothing”"));

            HtmlPage environments = browser(j, "tess", alerts).goTo("job/shop/environments/");
            assertEquals("broken", stateIn(environments, ".rtl-route__stop--broken .rtl-state"));
            assertTrue(environments.getVisibleText().contains("rollback failed: " + SCRIPT));
            assertTrue(environments.getVisibleText().contains(IMG), "the job's display name in the title");
            HtmlPage limited = browser(j, "tess", alerts).goTo("job/shop/environments/?limit=3");
            assertEquals(3, limited.querySelectorAll(".rtl-history tbody tr").size());
            assertNotNull(limited.getAnchorByText("Show more history"));

            HtmlPage application = browser(j, "tess", alerts).goTo("route-to-live/application/shop/");
            assertTrue(application.getVisibleText().contains("rollback failed: " + SCRIPT));

            HtmlPage build = browser(j, "tess", alerts).getPage(run, "route-to-live/");
            assertEquals("failed", stateIn(build.getElementById("promotion-" + toTest),
                    ".rtl-gate .rtl-state"));
            assertTrue(build.getVisibleText().contains("HTTP 503"));
            for (HtmlPage p : List.of(board, environments, application, build, inbox)) {
                String html = p.getWebResponse().getContentAsString();
                assertFalse(html.contains(SCRIPT), p.getUrl() + " shows markup it was given");
                assertFalse(html.contains(IMG), p.getUrl() + " shows markup it was given");
            }
            assertTrue(alerts.isEmpty(), alerts.toString());
            paymentsRun.doStop();
            j.waitForCompletion(paymentsRun);
        }
    }

    /** The data-state of the first badge the selector finds in the scope. */
    static String stateIn(DomNode scope, String selector) {
        DomElement badge = scope.querySelector(selector);
        assertNotNull(badge, selector);
        return badge.getAttribute("data-state");
    }

    static List<String> applicationsOn(HtmlPage board) {
        List<String> names = new ArrayList<>();
        for (DomNode link : board.querySelectorAll(".rtl-board__application a")) {
            names.add(link.getVisibleText().strip());
        }
        return names;
    }
}
