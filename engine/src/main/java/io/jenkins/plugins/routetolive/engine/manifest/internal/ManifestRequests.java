package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Requests the component promotions of a manifest, in deployment order, without a thread waiting for any of them. */
public final class ManifestRequests {

    private final PromotionService service;

    public ManifestRequests(PromotionService service) {
        this.service = service;
    }

    /**
     * Requests the component promotions one after another (each may wait for a single-version environment). When
     * one is refused, those already admitted fail. Cancelling the returned future withdraws the request waiting in
     * line and fails those already admitted, and no further component is requested.
     */
    public CompletableFuture<List<Promotion>> requestAll(List<PromotionRequest> requests, Consumer<Promotion> admitted) {
        CompletableFuture<List<Promotion>> all = new CompletableFuture<>();
        List<Promotion> started = new ArrayList<>();
        AtomicReference<CompletableFuture<Promotion>> inLine = new AtomicReference<>();
        all.whenComplete((ignored, error) -> {
            if (all.isCancelled()) {
                Optional.ofNullable(inLine.get()).ifPresent(f -> f.cancel(false));
                withdraw(started, "withdrawn: the manifest's request was cancelled");
            }
        });
        requestNext(requests, 0, started, inLine, admitted, all);
        return all;
    }

    private void requestNext(List<PromotionRequest> requests, int next, List<Promotion> started,
                             AtomicReference<CompletableFuture<Promotion>> inLine, Consumer<Promotion> admitted,
                             CompletableFuture<List<Promotion>> all) {
        if (next == requests.size()) {
            synchronized (started) {
                all.complete(List.copyOf(started));
            }
            return;
        }
        CompletableFuture<Promotion> requested = service.request(requests.get(next));
        inLine.set(requested);
        requested.whenComplete((p, error) -> {
            if (error != null) {
                withdraw(started, "not deployed: another component of the manifest was refused");
                all.completeExceptionally(error);
                return;
            }
            synchronized (started) {
                started.add(p);
            }
            if (all.isDone()) {
                withdraw(List.of(p), "withdrawn: the manifest's request was cancelled");
                return;
            }
            admitted.accept(p);
            requestNext(requests, next + 1, started, inLine, admitted, all);
        });
    }

    private void withdraw(List<Promotion> promotions, String reason) {
        List<Promotion> copy;
        synchronized (promotions) {
            copy = List.copyOf(promotions);
        }
        for (Promotion p : copy) {
            PromotionState state = service.promotion(p.id()).state();
            if (state == PromotionState.REQUESTED || state == PromotionState.AWAITING_APPROVAL) {
                service.transition(p.id(), PromotionState.FAILED, "system", reason);
            }
        }
    }
}
