package io.jenkins.plugins.routetolive.engine.policy;

/** Held by the one promotion in flight in a single-version environment. Releasing twice is harmless. */
public interface EnvironmentLock extends AutoCloseable {

    String promotionId();

    @Override
    void close();
}
