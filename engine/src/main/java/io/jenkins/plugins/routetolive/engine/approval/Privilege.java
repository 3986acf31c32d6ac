package io.jenkins.plugins.routetolive.engine.approval;

/** What an actor has been granted by the system that authenticated it (in Jenkins: permissions). */
public enum Privilege {
    /** May approve promotions (still subject to the environment's approver groups). */
    APPROVE,
    /** May override a freeze window with a reason. */
    OVERRIDE,
    /** May roll an environment back by hand and resolve a broken environment. */
    ROLLBACK,
    /** Administers the system; bypasses separation of duties only where the route allows it. */
    ADMINISTER
}
