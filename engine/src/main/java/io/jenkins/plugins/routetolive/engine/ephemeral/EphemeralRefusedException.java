package io.jenkins.plugins.routetolive.engine.ephemeral;

/** An ephemeral environment that cannot be made or torn down as asked, with what to do instead. */
public final class EphemeralRefusedException extends RuntimeException {

    public EphemeralRefusedException(String message) {
        super(message);
    }
}
