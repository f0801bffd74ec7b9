package dev.parley.llm;

import dev.langchain4j.model.chat.request.ChatRequest;

/** Where one item's requests go for the roles a run sends through a provider's batch API. */
@FunctionalInterface
public interface BatchLane {

    /**
     * Answers a request through a batch, waiting until the batch that holds it has ended.
     *
     * @param endpoint    where and which model (in batch mode)
     * @param request     the request, as it would be sent directly
     * @param requestHash its hash, as the response cache and the call ledger know it
     * @param mayBeStored whether an earlier batch of the run may already hold it (a resumed item's first attempt):
     *                    then that batch is polled instead of sending the request again
     * @throws ModelCallException when the request was not answered (after as many batches as a call has attempts),
     *                            the run is stopping, or the budget does not allow the batch
     */
    BatchAnswer answer(ModelEndpoint endpoint, ChatRequest request, String requestHash, boolean mayBeStored);
}
