package io.jenkins.plugins.routetolive.actions;

import hudson.model.Item;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import java.net.URL;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * Two jobs whose builds wait for approval in test: {@code shop} (everyone reads it) and {@code payments}
 * (only tess and admin read it). tess is a tester with Approve; tom a tester without Approve; rex has Approve
 * but is in no approver group. Builds are started by dora.
 */
final class Approvals {

    final WorkflowJob shop;
    final WorkflowJob payments;
    final WorkflowRun shopRun;
    final WorkflowRun paymentsRun;

    private Approvals(WorkflowJob shop, WorkflowJob payments, WorkflowRun shopRun, WorkflowRun paymentsRun) {
        this.shop = shop;
        this.payments = payments;
        this.shopRun = shopRun;
        this.paymentsRun = paymentsRun;
    }

    /** Registers the application, promotes it to development and asks for test. */
    static String untilTest(String application, String version, String healthUrl) {
        return "def a\n"
                + "node {\n"
                + "  writeFile file: 'app.jar', text: '" + application + " " + version + "'\n"
                + "  a = registerArtifact application: '" + application + "', version: '" + version + "', file: 'app.jar', "
                + "sourceRevision: 'abc123'\n"
                + "}\n"
                + "promote application: '" + application + "', environment: 'development', digest: a.digest, healthUrl: '"
                + healthUrl + "'\n"
                + "promote application: '" + application + "', environment: 'test', digest: a.digest, healthUrl: '"
                + healthUrl + "'\n";
    }

    static Approvals waiting(JenkinsRule j, String healthUrl) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        WorkflowJob shop = Fixtures.job(j, "shop", untilTest("shop", "1.0.0", healthUrl));
        WorkflowJob payments = Fixtures.job(j, "payments", untilTest("payments", "2.0.0", healthUrl));
        secure(j, shop, payments);
        WorkflowRun shopRun = Fixtures.startAs(shop, "dora");
        j.waitForMessage("Approve or reject promotion", shopRun);
        WorkflowRun paymentsRun = Fixtures.startAs(payments, "dora");
        j.waitForMessage("Approve or reject promotion", paymentsRun);
        return new Approvals(shop, payments, shopRun, paymentsRun);
    }

    static void secure(JenkinsRule j, WorkflowJob readByAll, WorkflowJob readByTess) {
        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        realm.addGroups("tess", "testers");
        realm.addGroups("tom", "testers");
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().toAuthenticated()
                .grant(Item.READ, Item.BUILD).onItems(readByAll).toAuthenticated()
                .grant(Item.READ).onItems(readByTess).to("tess")
                .grant(RouteToLivePermissions.APPROVE).everywhere().to("tess", "rex")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
    }

    static String newestId(WorkflowRun run) {
        return Fixtures.newestPromotion(run).getId();
    }

    /** POSTs to {@code route-to-live/approvals/<decision>} as a script would: a crumb, no redirects followed. */
    static WebResponse postToInbox(JenkinsRule j, String user, String decision, String query) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login(user);
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
        wc.getOptions().setPrintContentOnFailingStatusCode(false);
        wc.getOptions().setRedirectEnabled(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), "route-to-live/approvals/" + decision + query),
                HttpMethod.POST);
        wc.addCrumb(request);
        return wc.getPage(request).getWebResponse();
    }
}
