package io.jenkins.plugins.routetolive.runtime;

import hudson.AbortException;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.EphemeralConfig;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.credentials.KubernetesClients;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralDeployments;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOutcome;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOwner;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRequest;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralSweep;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralTeardowns;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralTemplate;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The ephemeral environments of multibranch branches on this controller: the administrator's settings and the
 * template environment's credentials turned into the engine's requests, and teardowns for deleted jobs and the
 * sweep. Whatever decides (names, what is due, what is recorded) is the engine's. Teardowns that run without a build
 * are reported in the Jenkins log; their outcome is in the ledger and on the job's Environments page.
 */
public final class BranchEnvironments {

    private static final Logger LOGGER = Logger.getLogger(BranchEnvironments.class.getName());

    private final RouteToLive rtl;
    private final EphemeralTeardowns teardowns;

    BranchEnvironments(RouteToLive rtl) {
        this.rtl = rtl;
        this.teardowns = new EphemeralTeardowns(rtl.ledger(), this::clientFor, rtl.scheduler(), rtl.clock(),
                event -> LOGGER.log(event.kind() == EventKind.FAILED ? Level.WARNING : Level.INFO, event.message()));
    }

    /** Deploys into the branch's ephemeral environment; a refusal or a failed gate is an outcome that did not pass. */
    public CompletableFuture<EphemeralOutcome> deploy(EphemeralSpec spec, EphemeralOwner owner, Run<?, ?> run,
                                                      TaskListener listener) throws IOException {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        EphemeralConfig ephemeral = config.getEphemeralEnvironments();
        String routeName = config.routeNameFor(run.getParent().getFullName());
        Environment template = templateEnvironment(ephemeral, routeName, run.getParent());
        EnvironmentConfig settings = config.environmentConfig(routeName, template.name());
        if (settings.getKubernetesNamespace().isEmpty()) {
            throw new AbortException("Environment " + template.name() + ", the template of ephemeral environments, has no "
                    + "Kubernetes namespace: an administrator must set the namespace that holds Deployment "
                    + spec.deploymentName + " under Manage Jenkins → System → Route to Live.");
        }
        EphemeralRequest request;
        try {
            request = new EphemeralRequest(owner, spec.digest.isEmpty() ? Optional.empty() : Optional.of(Digest.parse(spec.digest)),
                    spec.version.isEmpty() ? Optional.empty() : Optional.of(spec.version),
                    new EphemeralTemplate(routeName, template.name(), new KubernetesTarget(settings.getKubernetesNamespace(),
                            spec.deploymentName, spec.container), spec.serviceName),
                    Duration.ofHours(ephemeral.getTimeToLiveHours()), spec.healthUrl, ephemeral.getUrlPattern(), controller(),
                    Actors.requester(run).id(), run.getExternalizableId());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        KubernetesClient client = KubernetesClients.forEnvironment(settings, settings.getKubernetesNamespace(), run);
        return new EphemeralDeployments(client, rtl.ledger(), new Gates(rtl.scheduler(), rtl.clock()), template.gates(),
                rtl.clock(), event -> listener.getLogger().println(event.message())).deploy(request)
                .whenComplete((outcome, error) -> client.close());
    }

    private static Environment templateEnvironment(EphemeralConfig ephemeral, String routeName, Job<?, ?> job)
            throws AbortException {
        String name = ephemeral.getTemplateEnvironment();
        if (name.isEmpty()) {
            throw new AbortException("Ephemeral environments have no template environment yet: an administrator must name "
                    + "the environment whose namespace holds the Deployment to copy, under Manage Jenkins → System → Route "
                    + "to Live → Ephemeral environments (configuration as code: unclassified: routeToLive: "
                    + "ephemeralEnvironments: templateEnvironment).");
        }
        return RouteToLiveConfiguration.get().route(routeName).find(name).orElseThrow(() -> new AbortException("The template "
                + "environment of ephemeral environments, " + name + ", is not in route '" + routeName + "', which "
                + job.getFullName() + " uses: an administrator must name an environment of that route, or assign this job "
                + "a route that has " + name + "."));
    }

    /** Tears the environment down now, for the reason given; the future completes with what the ledger recorded. */
    public CompletableFuture<EphemeralRecord> tearDown(EphemeralRecord record, String cause, String actor) {
        return teardowns.tearDown(record, cause, actor);
    }

    /** The job (or a folder holding jobs) was deleted: its branches' environments of this controller are torn down. */
    public void jobDeleted(String fullName) {
        String controller = controller();
        for (EphemeralRecord r : rtl.ledger().ephemeralEnvironments()) {
            String job = r.owner().job();
            if (r.live() && r.controller().equals(controller) && (job.equals(fullName) || job.startsWith(fullName + "/"))) {
                rtl.scheduler().execute(() -> teardowns.tearDown(r, "job " + job
                        + " was deleted (its branch or change request is gone)", "system"));
            }
        }
    }

    /** Tears down what is due: failed teardowns again, expired environments, and those of jobs this controller lost. */
    public CompletableFuture<EphemeralSweep.Result> sweep() {
        return new EphemeralSweep(rtl.ledger(), teardowns, rtl.clock()).run(controller(), BranchEnvironments::jobExists);
    }

    /** The environments of this job, as the ledger has them. */
    public List<EphemeralRecord> of(String jobFullName) {
        return rtl.ledger().ephemeralEnvironments().stream().filter(r -> r.owner().job().equals(jobFullName)).toList();
    }

    private static boolean jobExists(String fullName) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return Jenkins.get().getItemByFullName(fullName, Job.class) != null;
        }
    }

    /** This controller, as recorded on the environments it makes. */
    static String controller() {
        return Jenkins.get().getLegacyInstanceId();
    }

    /** A client of the template environment's cluster, with its credentials as the job's folder sees them. */
    private KubernetesClient clientFor(EphemeralRecord record) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            EnvironmentConfig settings = RouteToLiveConfiguration.get().environmentConfig(record.route(),
                    record.templateEnvironment());
            return KubernetesClients.forEnvironment(settings, record.namespace(), folderOf(record.owner().job()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The nearest folder of the job that still exists (a deleted branch's multibranch project), else Jenkins. */
    private static ItemGroup<?> folderOf(String job) {
        String path = job;
        while (path.contains("/")) {
            path = path.substring(0, path.lastIndexOf('/'));
            if (Jenkins.get().getItemByFullName(path) instanceof ItemGroup<?> folder) {
                return folder;
            }
        }
        return Jenkins.get();
    }
}
