package io.jenkins.plugins.routetolive.engine.provenance;

/** Asked for the provenance of a digest the route has never seen: there is no story to tell. */
public final class NotInRouteException extends RuntimeException {

    public NotInRouteException(String message) {
        super(message);
    }
}
