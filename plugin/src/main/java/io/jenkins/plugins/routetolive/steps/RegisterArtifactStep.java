package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.artifact.ImageReference;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Registers a build output as it enters the route: a workspace file (digest computed on the agent that
 * holds it) or an OCI image pinned by digest, with the commit it was built from. Returns
 * {@code [application:, version:, digest:, sourceRevision:]}.
 */
public final class RegisterArtifactStep extends Step {

    private final String application;
    private final String version;
    private String file = "";
    private String image = "";
    private String sourceRevision = "";

    @DataBoundConstructor
    public RegisterArtifactStep(String application, String version) {
        this.application = application;
        this.version = version;
    }

    public String getApplication() {
        return application;
    }

    public String getVersion() {
        return version;
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = StepSupport.trim(file);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = StepSupport.trim(image);
    }

    public String getSourceRevision() {
        return sourceRevision;
    }

    @DataBoundSetter
    public void setSourceRevision(String sourceRevision) {
        this.sourceRevision = StepSupport.trim(sourceRevision);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, String>> {

        private static final long serialVersionUID = 1L;
        private final transient RegisterArtifactStep step;

        Execution(StepContext context, RegisterArtifactStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, String> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            if (step.file.isEmpty() == step.image.isEmpty()) {
                throw new AbortException("registerArtifact needs exactly one of file: (a file in the workspace) or "
                        + "image: ('repository@sha256:…'), but got " + (step.file.isEmpty() ? "neither." : "both."));
            }
            String revision = step.sourceRevision;
            if (revision.isEmpty()) {
                EnvVars env = getContext().get(EnvVars.class);
                revision = env == null ? "" : env.get("GIT_COMMIT", "");
            }
            Digest digest = step.image.isEmpty() ? fileDigest() : imageDigest();
            PromotionService service = RouteToLive.get().service(run.getParent());
            String commit = revision;
            RegisteredArtifact registered;
            try {
                Artifact artifact = new Artifact(step.application, step.version, digest);
                registered = RouteToLive.get().events().on(listener, () -> service.register(artifact, commit,
                        Actors.requester(run), run.getExternalizableId()));
            } catch (RuntimeException e) {
                throw StepSupport.refusal(e);
            }
            Map<String, String> result = new LinkedHashMap<>();
            result.put("application", registered.artifact().application());
            result.put("version", registered.artifact().version());
            result.put("digest", registered.artifact().digest().value());
            result.put("sourceRevision", registered.sourceRevision());
            return result;
        }

        private Digest imageDigest() throws AbortException {
            try {
                return ImageReference.parse(step.image).digest();
            } catch (IllegalArgumentException e) {
                throw new AbortException(e.getMessage());
            }
        }

        private Digest fileDigest() throws IOException, InterruptedException {
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException("registerArtifact with file: '" + step.file + "' needs a workspace: call it "
                        + "inside node { } (or a declarative stage with an agent).");
            }
            return Digest.parse(workspace.child(step.file).act(new FileDigest()));
        }
    }

    /** Runs on the agent that holds the file, streaming it through sha256. */
    private static final class FileDigest extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(File f, VirtualChannel channel) throws IOException {
            try {
                return Digests.ofFile(f.toPath()).value();
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new AbortException(e.getMessage());
            }
        }
    }

    @Extension
    @Symbol("registerArtifact")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public String getFunctionName() {
            return "registerArtifact";
        }

        @Override
        public String getDisplayName() {
            return "Register an artifact as it enters the route";
        }
    }
}
