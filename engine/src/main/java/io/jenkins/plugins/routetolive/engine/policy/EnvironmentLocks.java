package io.jenkins.plugins.routetolive.engine.policy;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps single-version environments to one promotion in flight per application. Acquisition never
 * blocks the caller's thread: it returns a future that completes when the lock is held (in request
 * order), or fails at once with {@link EnvironmentBusyException} in {@link WaitMode#REFUSE} mode.
 */
public interface EnvironmentLocks {

    CompletableFuture<EnvironmentLock> acquire(String application, String environment, String promotionId, WaitMode mode);

    /** Releases the lock held by this promotion, if any (a promotion that ended while its caller was gone). */
    void releaseHeldBy(String promotionId);
}
