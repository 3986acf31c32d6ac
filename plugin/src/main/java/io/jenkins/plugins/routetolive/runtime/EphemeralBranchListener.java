package io.jenkins.plugins.routetolive.runtime;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.listeners.ItemListener;

/**
 * A multibranch project deletes a branch's or change request's job when the branch is merged or deleted, or the change
 * request closed (and a deleted project deletes them all): their ephemeral environments are torn down then, off the
 * deleting thread. A teardown that fails stays due in the ledger, and the sweep retries it.
 */
@Extension
public final class EphemeralBranchListener extends ItemListener {

    @Override
    public void onDeleted(Item item) {
        RouteToLive.get().branchEnvironments().jobDeleted(item.getFullName());
    }
}
