package io.jenkins.plugins.routetolive.steps;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step execution whose work ends on a future: it completes its context exactly once, whichever comes first of
 * the work's end, {@code stop()} and a restart. The flag is transient: after a restart nothing has completed it.
 */
abstract class OnceCompletingExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private transient boolean finished;

    protected OnceCompletingExecution(StepContext context) {
        super(context);
    }

    /** True for the one caller that may complete the context. */
    protected final synchronized boolean finish() {
        boolean first = !finished;
        finished = true;
        return first;
    }

    protected final void succeed(Object result) {
        if (finish()) {
            getContext().onSuccess(result);
        }
    }

    protected final void fail(Throwable error) {
        if (finish()) {
            getContext().onFailure(error);
        }
    }
}
