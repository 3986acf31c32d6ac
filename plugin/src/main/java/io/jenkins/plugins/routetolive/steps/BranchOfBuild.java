package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.model.Job;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOwner;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.mixin.ChangeRequestSCMHead;

/**
 * Which branch or change request of a multibranch project a build belongs to, as the multibranch project itself knows
 * it (the {@link SCMHead} of the job, not environment variables a Jenkinsfile could set), and so whose ephemeral
 * environment it may deploy to or tear down.
 */
final class BranchOfBuild {

    private BranchOfBuild() {
    }

    static EphemeralOwner owner(Job<?, ?> job, String application, String step) throws AbortException {
        SCMHead head = SCMHead.HeadByItem.findHead(job);
        if (head == null) {
            throw new AbortException(step + " works only in a build of a branch or change request of a multibranch "
                    + "Pipeline, whose branch names the environment and whose removal tears it down; " + job.getFullName()
                    + " is not one. Run it from a Multibranch Pipeline, or use promote for the environments of the route.");
        }
        try {
            return new EphemeralOwner(application, job.getFullName(), head.getName());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** "branch feature/login", or "change request PR-12 (#12 into main)". */
    static String describe(Job<?, ?> job) {
        SCMHead head = SCMHead.HeadByItem.findHead(job);
        if (head instanceof ChangeRequestSCMHead change) {
            return "change request " + head.getName() + " (#" + change.getId() + " into " + change.getTarget().getName() + ")";
        }
        return head == null ? job.getFullName() : "branch " + head.getName();
    }
}
