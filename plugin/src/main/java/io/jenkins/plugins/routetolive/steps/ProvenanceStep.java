package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.actions.ProvenanceAction;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.provenance.Provenance;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Writes the in-toto provenance of an artifact (where it came from and every environment it passed,
 * from the ledger) to a workspace file and links it from the build page. Returns the file's path.
 */
public final class ProvenanceStep extends Step {

    private final String application;
    private final String digest;
    private String file = "provenance.intoto.json";

    @DataBoundConstructor
    public ProvenanceStep(String application, String digest) {
        this.application = application;
        this.digest = digest;
    }

    public String getApplication() {
        return application;
    }

    public String getDigest() {
        return digest;
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = StepSupport.trim(file).isEmpty() ? "provenance.intoto.json" : StepSupport.trim(file);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<String> {

        private static final long serialVersionUID = 1L;
        private final transient ProvenanceStep step;

        Execution(StepContext context, ProvenanceStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            PromotionService service = RouteToLive.get().service(run.getParent());
            String json;
            try {
                Provenance provenance = new Provenance(service.ledger(), service.route());
                json = provenance.toInTotoJson(provenance.forDigest(step.application, Digest.parse(step.digest)));
            } catch (RuntimeException e) {
                throw StepSupport.refusal(e);
            }
            if (workspace == null) {
                throw new AbortException("provenance writes '" + step.file + "' to the workspace: call it inside node { }.");
            }
            FilePath target = workspace.child(step.file);
            target.write(json, StandardCharsets.UTF_8.name());
            ProvenanceAction.attach(run, step.application, step.digest, json);
            return target.getRemote();
        }
    }

    @Extension
    @Symbol("provenance")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class);
        }

        @Override
        public String getFunctionName() {
            return "provenance";
        }

        @Override
        public String getDisplayName() {
            return "Write the in-toto provenance of an artifact";
        }
    }
}
