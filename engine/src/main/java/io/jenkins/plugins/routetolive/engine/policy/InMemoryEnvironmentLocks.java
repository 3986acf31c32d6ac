package io.jenkins.plugins.routetolive.engine.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Single-version locks for one process: a FIFO queue of waiting promotions per application and environment. */
public final class InMemoryEnvironmentLocks implements EnvironmentLocks {

    private final Map<String, Slot> slots = new HashMap<>();

    private static final class Slot {
        String holder;
        final Deque<Waiter> queue = new ArrayDeque<>();
    }

    private record Waiter(String promotionId, CompletableFuture<EnvironmentLock> future) {
    }

    @Override
    public CompletableFuture<EnvironmentLock> acquire(String application, String environment, String promotionId, WaitMode mode) {
        String key = application + "\u0000" + environment;
        CompletableFuture<EnvironmentLock> future = new CompletableFuture<>();
        synchronized (slots) {
            Slot slot = slots.computeIfAbsent(key, k -> new Slot());
            if (slot.holder == null) {
                slot.holder = promotionId;
                future.complete(new Held(key, promotionId));
            } else if (mode == WaitMode.REFUSE) {
                future.completeExceptionally(new EnvironmentBusyException(environment + " holds one version of " + application
                        + " at a time and promotion " + slot.holder + " is in flight there; wait for it to finish, "
                        + "or ask to wait in line instead of refusing."));
            } else {
                slot.queue.addLast(new Waiter(promotionId, future));
            }
        }
        return future;
    }

    @Override
    public void releaseHeldBy(String promotionId) {
        CompletableFuture<EnvironmentLock> next = null;
        EnvironmentLock lock = null;
        synchronized (slots) {
            for (Map.Entry<String, Slot> e : slots.entrySet()) {
                Slot slot = e.getValue();
                slot.queue.removeIf(w -> w.promotionId().equals(promotionId) && w.future().cancel(false));
                if (promotionId.equals(slot.holder)) {
                    Waiter waiter;
                    slot.holder = null;
                    while ((waiter = slot.queue.pollFirst()) != null) {
                        if (!waiter.future().isDone()) {
                            slot.holder = waiter.promotionId();
                            next = waiter.future();
                            lock = new Held(e.getKey(), waiter.promotionId());
                            break;
                        }
                    }
                    break;
                }
            }
        }
        if (next != null) {
            next.complete(lock);
        }
    }

    private final class Held implements EnvironmentLock {
        private final String key;
        private final String promotionId;

        Held(String key, String promotionId) {
            this.key = key;
            this.promotionId = promotionId;
        }

        @Override
        public String promotionId() {
            return promotionId;
        }

        @Override
        public void close() {
            releaseHeldBy(promotionId);
        }
    }
}
