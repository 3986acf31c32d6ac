package io.jenkins.plugins.routetolive.engine.kubernetes;

/** A Kubernetes API call that failed for good, with what to do about it (e.g. which permission to grant). */
public final class KubernetesCallException extends RuntimeException {

    private final int code;

    public KubernetesCallException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The HTTP status the API server answered (0 or less when none came). */
    public int code() {
        return code;
    }
}
