package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;

/**
 * Whose ephemeral environment it is: an application deployed by the job of one branch or change request of a
 * multibranch project. There is at most one ephemeral environment per application and job.
 *
 * @param application the application, as registered
 * @param job         the full name of the branch's job, e.g. {@code shop/feature%2Flogin}
 * @param branch      the branch or change request as the multibranch project names it, e.g. {@code feature/login}
 *                    or {@code PR-12}
 */
public record EphemeralOwner(String application, String job, String branch) {

    public EphemeralOwner {
        Artifact.requireApplicationName(application);
        requireText("job", job);
        requireText("branch", branch);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ephemeral environment " + field + " must not be empty, but was '" + value + "'");
        }
    }

    /** The key the ledger keeps one environment under. */
    public String key() {
        return application + '\u0000' + job;
    }

    /** "shop for branch feature/login (job shop/feature%2Flogin)" */
    public String describe() {
        return application + " for branch " + branch + " (job " + job + ")";
    }
}
