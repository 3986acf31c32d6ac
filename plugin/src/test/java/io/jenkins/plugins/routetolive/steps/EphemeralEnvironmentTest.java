package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Descriptor;
import hudson.model.Result;
import hudson.model.TaskListener;
import hudson.scm.NullSCM;
import hudson.scm.SCM;
import hudson.util.Secret;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.ClusterController;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.EphemeralConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralState;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.runtime.EphemeralSweepWork;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jenkins.branch.BranchProjectFactoryDescriptor;
import jenkins.branch.BranchSource;
import jenkins.branch.MultiBranchProject;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.SCMHeadEvent;
import jenkins.scm.api.SCMHeadObserver;
import jenkins.scm.api.SCMRevision;
import jenkins.scm.api.SCMSource;
import jenkins.scm.api.SCMSourceCriteria;
import jenkins.scm.api.SCMSourceDescriptor;
import jenkins.scm.api.mixin.ChangeRequestCheckoutStrategy;
import jenkins.scm.api.mixin.ChangeRequestSCMHead2;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.flow.FlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.AbstractWorkflowBranchProjectFactory;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * ephemeralEnvironment and ephemeralTeardown in a real multibranch project, against fabric8's mock API server in CRUD
 * mode. There is no git server here: {@link Branches} is an SCM source whose branches and change requests the test
 * sets, and {@link InlineScript} gives every branch the same Jenkinsfile.
 */
@WithJenkins
@EnableKubernetesMockClient(crud = true, https = false)
class EphemeralEnvironmentTest {

    static final String TEMPLATE_NS = "shop-dev";
    static final String LOGIN_NS = "shop-feature-login";
    static final String PR_NS = "shop-pr-12";
    static final String MAIN_NS = "shop-main";
    static final String REPOSITORY = "registry.example.com/shop";

    /** Registers a digest of its own per branch, deploys it into the branch's environment and prints what came back. */
    static final String JENKINSFILE = "def versions = ['feature/login': '1.0.1', 'PR-12': '1.0.12', 'main': '1.0.0']\n"
            + "def digests = ['feature/login': 'sha256:" + "1".repeat(64) + "', 'PR-12': 'sha256:" + "2".repeat(64) + "', "
            + "'main': 'sha256:" + "3".repeat(64) + "']\n"
            + "def a = registerArtifact application: 'shop', version: versions[env.BRANCH_NAME], "
            + "image: '" + REPOSITORY + "@' + digests[env.BRANCH_NAME], sourceRevision: 'rev-' + env.BRANCH_NAME\n"
            + "def e = ephemeralEnvironment application: 'shop', digest: a.digest\n"
            + "echo \"EPHEMERAL ${e.namespace} ${e.url} ${e.version}\"\n";

    KubernetesClient client;
    final List<ClusterController> controllers = new ArrayList<>();

    @AfterEach
    void stopControllers() {
        controllers.forEach(ClusterController::close);
    }

    void cluster(JenkinsRule j) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(token());
        SystemCredentialsProvider.getInstance().save();
        RouteConfig route = Fixtures.fastDefaultRoute();
        EnvironmentConfig development = route.environment("development").orElseThrow();
        development.setKubernetesServerUrl(client.getMasterUrl().toString());
        development.setKubernetesNamespace(TEMPLATE_NS);
        development.setKubernetesCredentialsId("dev-token");
        Fixtures.useRoute(route);
        EphemeralConfig ephemeral = new EphemeralConfig();
        ephemeral.setTemplateEnvironment("development");
        RouteToLiveConfiguration.get().setEphemeralEnvironments(ephemeral);
        Deployment template = new DeploymentBuilder().withNewMetadata().withNamespace(TEMPLATE_NS).withName("shop").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage(REPOSITORY + ":0.9").endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(TEMPLATE_NS).resource(template).create();
        client.services().inNamespace(TEMPLATE_NS).resource(new ServiceBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "shop")).addNewPort().withPort(8080).endPort().endSpec().build())
                .create();
        for (String ns : new String[] {LOGIN_NS, PR_NS, MAIN_NS}) {
            controllers.add(new ClusterController(client, ns));
        }
    }

    static Credentials token() {
        return new StringCredentialsImpl(CredentialsScope.GLOBAL, "dev-token", "development cluster",
                Secret.fromString("s3cr3t-token"));
    }

    /** A multibranch project of these branches and change requests, indexed, with every branch build finished. */
    WorkflowMultiBranchProject project(JenkinsRule j, String script, List<String> branches, List<String> changes)
            throws Exception {
        WorkflowMultiBranchProject mp = j.jenkins.createProject(WorkflowMultiBranchProject.class, "shop");
        mp.setProjectFactory(new InlineScript(script));
        mp.getSourcesList().add(new BranchSource(new Branches(branches, changes)));
        index(j, mp);
        return mp;
    }

    static void index(JenkinsRule j, WorkflowMultiBranchProject mp) throws Exception {
        mp.scheduleBuild2(0).getFuture().get();
        j.waitUntilNoActivity();
    }

    static WorkflowRun lastBuild(WorkflowMultiBranchProject mp, String branch) {
        WorkflowJob job = mp.getItemByBranchName(branch);
        assertNotNull(job, "branch job of " + branch);
        return job.getLastBuild();
    }

    Namespace namespace(String name) {
        return client.namespaces().withName(name).get();
    }

    static EphemeralRecord record(String job) {
        return RouteToLive.get().ledger().ephemeralEnvironment("shop", job).orElseThrow();
    }

    static String environmentsPage(JenkinsRule j, WorkflowJob job) throws Exception {
        HtmlPage page = j.createWebClient().getPage(job, "environments");
        return page.asNormalizedText();
    }

    @Test
    void aBranchAndAChangeRequestGetANamespaceEachThatAdmitsNothingIntoTheRouteAndShowsOnTheirPages(JenkinsRule j)
            throws Exception {
        cluster(j);

        WorkflowMultiBranchProject mp = project(j, JENKINSFILE, List.of("feature/login"), List.of("12"));

        WorkflowRun login = lastBuild(mp, "feature/login");
        j.assertBuildStatusSuccess(login);
        j.assertLogContains("Ephemeral environment of shop for branch feature/login.", login);
        j.assertLogContains("EPHEMERAL shop-feature-login http://shop.shop-feature-login.svc.cluster.local:8080 1.0.1", login);
        j.assertLogContains("Ephemeral environment shop-feature-login of shop for branch feature/login (job "
                + "shop/feature%2Flogin) runs shop 1.0.1", login);
        j.assertLogNotContains("s3cr3t-token", login);
        WorkflowRun change = lastBuild(mp, "PR-12");
        j.assertBuildStatusSuccess(change);
        j.assertLogContains("Ephemeral environment of shop for change request PR-12 (#12 into main).", change);
        j.assertLogContains("EPHEMERAL shop-pr-12 http://shop.shop-pr-12.svc.cluster.local:8080 1.0.12", change);

        Namespace ns = namespace(LOGIN_NS);
        assertEquals("true", ns.getMetadata().getLabels().get("routetolive.io/ephemeral"));
        assertEquals("shop/feature%2Flogin", ns.getMetadata().getAnnotations().get("routetolive.io/job"));
        assertEquals("feature/login", ns.getMetadata().getAnnotations().get("routetolive.io/branch"));
        assertEquals(REPOSITORY + "@sha256:" + "1".repeat(64), client.apps().deployments().inNamespace(LOGIN_NS)
                .withName("shop").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(REPOSITORY + "@sha256:" + "2".repeat(64), client.apps().deployments().inNamespace(PR_NS)
                .withName("shop").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(REPOSITORY + ":0.9", client.apps().deployments().inNamespace(TEMPLATE_NS).withName("shop").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

        var ledger = RouteToLive.get().ledger();
        assertTrue(ledger.environment("shop", "development").current().isEmpty(), "development was not entered");
        assertEquals(0, ledger.metrics("shop", "development", MetricsWindow.endingNow(Clock.systemUTC())).current()
                .deploymentFrequency().deployments());
        assertEquals(EphemeralState.ACTIVE, record("shop/feature%2Flogin").state());

        String page = environmentsPage(j, login.getParent());
        assertTrue(page.contains("Ephemeral environments of this branch"), page);
        assertTrue(page.contains("shop-feature-login"), page);
        assertTrue(page.contains("http://shop.shop-feature-login.svc.cluster.local:8080"), page);
        assertTrue(page.contains("shop 1.0.1 (sha256:1111"), page);
        assertFalse(page.contains("shop-pr-12"), page);
        assertTrue(environmentsPage(j, change.getParent()).contains("shop-pr-12"));
    }

    @Test
    void isRefusedOutsideAMultibranchBuild(JenkinsRule j) throws Exception {
        cluster(j);
        WorkflowJob plain = Fixtures.job(j, "shop-release", "withEnv(['BRANCH_NAME=feature/login']) {\n"
                + "  ephemeralEnvironment application: 'shop', version: '1.0.0'\n}\n");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, plain);

        j.assertLogContains("ephemeralEnvironment works only in a build of a branch or change request of a multibranch "
                + "Pipeline, whose branch names the environment and whose removal tears it down; shop-release is not one.", run);
        j.assertLogNotContains("\tat ", run);
        assertNull(namespace(LOGIN_NS));
        assertTrue(RouteToLive.get().ledger().ephemeralEnvironments().isEmpty());
    }

    @Test
    void aBranchThatIsGoneHasItsEnvironmentTornDown(JenkinsRule j) throws Exception {
        cluster(j);
        WorkflowMultiBranchProject mp = project(j, JENKINSFILE, List.of("feature/login", "main"), List.of());
        j.assertBuildStatusSuccess(lastBuild(mp, "feature/login"));
        assertNotNull(namespace(LOGIN_NS));

        ((Branches) mp.getSCMSources().get(0)).branches.remove("feature/login"); // merged and deleted
        index(j, mp);

        assertNull(mp.getItemByBranchName("feature/login"), "the branch's job is deleted");
        await(() -> namespace(LOGIN_NS) == null);
        await(() -> record("shop/feature%2Flogin").state() == EphemeralState.TORN_DOWN);
        assertEquals("job shop/feature%2Flogin was deleted (its branch or change request is gone)",
                record("shop/feature%2Flogin").teardownCause());
    }

    @Test
    void theTimeToLiveSweepTearsDownByTheInjectedClockAndRetriesATeardownThatFailed(JenkinsRule j) throws Exception {
        cluster(j);
        WorkflowMultiBranchProject mp = project(j, JENKINSFILE, List.of("feature/login"), List.of());
        WorkflowJob login = mp.getItemByBranchName("feature/login");
        EphemeralSweepWork sweep = j.jenkins.getExtensionList(EphemeralSweepWork.class).get(0);

        RouteToLive.get().useClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(71)));
        assertTrue(sweep.sweep(TaskListener.NULL).tornDown().isEmpty());
        assertNotNull(namespace(LOGIN_NS));

        // 73 hours on, but the template environment's credential is gone: the teardown fails, is recorded and shown
        SystemCredentialsProvider.getInstance().getCredentials().clear();
        RouteToLive.get().useClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(73)));
        assertEquals(1, sweep.sweep(TaskListener.NULL).failed().size());
        assertEquals(EphemeralState.TEARDOWN_FAILED, record(login.getFullName()).state());
        assertNotNull(namespace(LOGIN_NS));
        String page = environmentsPage(j, login);
        assertTrue(page.contains("teardown failed"), page);
        assertTrue(page.contains("No secret file or secret text credential with id 'dev-token'"), page);

        SystemCredentialsProvider.getInstance().getCredentials().add(token());
        EphemeralRecord after = sweep.sweep(TaskListener.NULL).tornDown().get(0);

        assertEquals(EphemeralState.TORN_DOWN, after.state());
        assertTrue(after.teardownCause().startsWith("its time to live ended at "), after.teardownCause());
        assertNull(namespace(LOGIN_NS));
        assertTrue(environmentsPage(j, login).contains("torn down"));
    }

    @Test
    void ephemeralTeardownTearsTheBranchsEnvironmentDownOnRequestInADeclarativePipeline(JenkinsRule j) throws Exception {
        cluster(j);
        String declarative = "pipeline {\n"
                + "  agent none\n"
                + "  stages {\n"
                + "    stage('Preview') {\n"
                + "      when { changeRequest() }\n"
                + "      steps {\n"
                + "        script {\n"
                + "          def a = registerArtifact application: 'shop', version: '2.0.0', image: '" + REPOSITORY + "@sha256:"
                + "4".repeat(64) + "', sourceRevision: 'rev'\n"
                + "          def e = ephemeralEnvironment application: 'shop', version: a.version\n"
                + "          echo \"PREVIEW ${e.namespace}\"\n"
                + "        }\n"
                + "      }\n"
                + "    }\n"
                + "    stage('Clean up') {\n"
                + "      when { changeRequest() }\n"
                + "      steps {\n"
                + "        script { echo \"GONE ${ephemeralTeardown application: 'shop'}\" }\n"
                + "        script { echo \"AGAIN [${ephemeralTeardown application: 'shop'}]\" }\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}\n";

        WorkflowMultiBranchProject mp = project(j, declarative, List.of(), List.of("12"));

        WorkflowRun run = lastBuild(mp, "PR-12");
        j.assertBuildStatusSuccess(run);
        j.assertLogContains("PREVIEW shop-pr-12", run);
        j.assertLogContains("Tore down ephemeral environment shop-pr-12 of shop for branch PR-12 (job shop/PR-12): "
                + "namespace shop-pr-12 deleted.", run);
        j.assertLogContains("GONE shop-pr-12", run);
        j.assertLogContains("There is no ephemeral environment of shop for branch PR-12 (job shop/PR-12) to tear down.", run);
        j.assertLogContains("AGAIN []", run);
        assertNull(namespace(PR_NS));
        assertTrue(record("shop/PR-12").teardownCause().startsWith("requested by "), record("shop/PR-12").teardownCause());
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** An SCM source of named branches and change requests ("12" is PR-12 into main), each at one fixed revision. */
    public static final class Branches extends SCMSource {
        final List<String> branches;
        final List<String> changes;

        Branches(List<String> branches, List<String> changes) {
            this.branches = new ArrayList<>(branches);
            this.changes = new ArrayList<>(changes);
        }

        @Override
        protected void retrieve(SCMSourceCriteria criteria, SCMHeadObserver observer, SCMHeadEvent<?> event,
                                TaskListener listener) throws IOException, InterruptedException {
            for (String branch : branches) {
                SCMHead head = new SCMHead(branch);
                observer.observe(head, new Revision(head));
            }
            for (String id : changes) {
                SCMHead head = new ChangeRequest(id);
                observer.observe(head, new Revision(head));
            }
        }

        @Override
        public SCM build(SCMHead head, SCMRevision revision) {
            return new NullSCM();
        }

        @TestExtension
        public static final class DescriptorImpl extends SCMSourceDescriptor {
            @Override
            public String getDisplayName() {
                return "Test branches";
            }
        }
    }

    /** A pull request numbered {@code id}, named PR-{@code id}, into main. */
    public static final class ChangeRequest extends SCMHead implements ChangeRequestSCMHead2 {
        private final String id;

        ChangeRequest(String id) {
            super("PR-" + id);
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public SCMHead getTarget() {
            return new SCMHead("main");
        }

        @Override
        public ChangeRequestCheckoutStrategy getCheckoutStrategy() {
            return ChangeRequestCheckoutStrategy.MERGE;
        }

        @Override
        public String getOriginName() {
            return "fork/" + getName();
        }
    }

    static final class Revision extends SCMRevision {
        Revision(SCMHead head) {
            super(head);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Revision r && r.getHead().equals(getHead());
        }

        @Override
        public int hashCode() {
            return Objects.hash(getHead());
        }
    }

    /** Every branch's job runs this script, as if every branch had it as its Jenkinsfile. */
    public static final class InlineScript extends AbstractWorkflowBranchProjectFactory {
        private final String script;

        InlineScript(String script) {
            this.script = script;
        }

        @Override
        protected FlowDefinition createDefinition() {
            try {
                return new CpsFlowDefinition(script, true);
            } catch (Descriptor.FormException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected SCMSourceCriteria getSCMSourceCriteria(SCMSource source) {
            return null;
        }

        @TestExtension
        public static final class DescriptorImpl extends BranchProjectFactoryDescriptor {
            @Override
            @SuppressWarnings("rawtypes")
            public boolean isApplicable(Class<? extends MultiBranchProject> clazz) {
                return WorkflowMultiBranchProject.class.isAssignableFrom(clazz);
            }

            @Override
            public String getDisplayName() {
                return "Inline script";
            }
        }
    }
}
