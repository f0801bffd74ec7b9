package dev.parley.api;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.config.ParleyConfig;
import dev.parley.recipe.WorkBudget;
import io.vertx.core.http.HttpServerRequest;

/**
 * The work of one request that reads or plans a recipe, bounded by one {@link WorkBudget} of
 * {@code parley.api.work-budget} steps shared by the recipe check and the planner, and cancelled when the
 * client's connection closes before the answer, so an abandoned request stops searching.
 */
@ApplicationScoped
public class RequestWork {

    /** The setting that sizes a request's budget, as refusals name it. */
    static final String SETTING = "parley.api.work-budget";

    private final ParleyConfig config;
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong underWay = new AtomicLong();

    @Inject
    public RequestWork(ParleyConfig config) {
        this.config = config;
    }

    /** Does {@code work} for {@code request} with a budget of its own, cancelled if the client goes away. */
    public <T> T bounded(HttpServerRequest request, Supplier<T> work) {
        var budget = new WorkBudget(config.api().workBudget(), SETTING);
        request.response().closeHandler(closed -> budget.cancel());
        if (request.response().closed()) {
            budget.cancel();
        }
        underWay.incrementAndGet();
        try {
            return WorkBudget.within(budget, work);
        } finally {
            underWay.decrementAndGet();
            if (budget.cancelled()) {
                abandoned.incrementAndGet();
            }
        }
    }

    /** Requests whose work was cancelled because their client went away, since the server started. */
    public long abandoned() {
        return abandoned.get();
    }

    /** Requests doing bounded work right now. */
    public long underWay() {
        return underWay.get();
    }
}
