package io.jenkins.plugins.routetolive.runtime;

import hudson.model.Cause;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.ACL;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Maps Jenkins users to engine actors: groups from the user's authorities, privileges from permissions on the job. */
public final class Actors {

    private Actors() {
    }

    /** The user of this authentication, with what it may do on the job. */
    public static Actor of(Authentication auth, Job<?, ?> job) {
        Set<String> groups = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        if (!ACL.SYSTEM_USERNAME.equals(auth.getName())) {
            if (job.hasPermission2(auth, RouteToLivePermissions.APPROVE)) {
                privileges.add(Privilege.APPROVE);
            }
            if (job.hasPermission2(auth, RouteToLivePermissions.OVERRIDE)) {
                privileges.add(Privilege.OVERRIDE);
            }
            if (job.hasPermission2(auth, RouteToLivePermissions.ROLLBACK)) {
                privileges.add(Privilege.ROLLBACK);
            }
            if (Jenkins.get().hasPermission2(auth, Jenkins.ADMINISTER)) {
                privileges.add(Privilege.ADMINISTER);
            }
        }
        return new Actor(auth.getName(), groups, privileges);
    }

    /** The user acting in this HTTP request. */
    public static Actor current(Job<?, ?> job) {
        return of(Jenkins.getAuthentication2(), job);
    }

    /**
     * Who asks for what a build does: the user who started it, else the build's own identity. A build
     * started by SCM or a timer runs as SYSTEM, which gets no privileges: it cannot override a freeze.
     */
    public static Actor requester(Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        if (cause != null && cause.getUserId() != null) {
            User user = User.getById(cause.getUserId(), true);
            if (user != null) {
                try {
                    return of(user.impersonate2(), run.getParent());
                } catch (UsernameNotFoundException gone) {
                    return new Actor(cause.getUserId(), Set.of(), Set.of());
                }
            }
            return new Actor(cause.getUserId(), Set.of(), Set.of());
        }
        return of(Jenkins.getAuthentication2(), run.getParent());
    }
}
