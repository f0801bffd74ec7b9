package dev.parley.llm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.config.ParleyConfig;

/**
 * One execution's batch mode: a {@link BatchCollector} per endpoint and model of the roles in batch mode,
 * the {@link BatchLane} each item's calls go through, and the run's open batches, to show and to cancel.
 */
public final class RunBatches implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunBatches.class);

    private final String runId;
    private final BatchStore store;
    private final ParleyConfig config;
    private final ObjectMapper json;
    private final BatchAdmission admission;
    private final Runnable stopCheck;
    private final Map<String, BatchCollector> collectors = new ConcurrentHashMap<>();
    private final Map<String, OpenAiBatchApi> apis = new ConcurrentHashMap<>();

    /**
     * @param admission refuses a batch the run's budget does not allow
     * @param stopCheck throws {@link ModelCallException} of kind {@code STOPPED} once the run is stopping
     */
    public RunBatches(String runId, BatchStore store, ParleyConfig config, ObjectMapper json, BatchAdmission admission,
            Runnable stopCheck) {
        this.runId = runId;
        this.store = store;
        this.config = config;
        this.json = json;
        this.admission = admission;
        this.stopCheck = stopCheck;
    }

    /** Where an item's requests go in batch mode. */
    public BatchLane lane(int seq) {
        return (endpoint, request, hash, mayBeStored) -> collector(endpoint).answer(seq, request, hash, mayBeStored);
    }

    private BatchCollector collector(ModelEndpoint endpoint) {
        return collectors.computeIfAbsent(endpoint.endpointKey() + "\u0000" + endpoint.role() + "\u0000" + endpoint.model(),
                k -> new BatchCollector(runId, endpoint, store, api(endpoint), config, json, admission, stopCheck));
    }

    private OpenAiBatchApi api(ModelEndpoint endpoint) {
        return apis.computeIfAbsent(endpoint.endpointKey() + "\u0000" + endpoint.apiKey().orElse(""),
                k -> new OpenAiBatchApi(endpoint, json, ModelGateway.clientTimeout(config.llm().timeout())));
    }

    /** The run's batches the provider has not finished with, oldest first. */
    public List<BatchStore.StoredBatch> open() {
        return store.batches(runId).stream().filter(b -> !b.ended()).toList();
    }

    /**
     * Asks the provider to cancel the run's open batches (a cancelled run): what they answered so far stays
     * in their output files, and a resume sends the rest again.
     *
     * @param endpoints the run's endpoints in batch mode, by role
     */
    public void cancelOpen(Map<ModelRole, ModelEndpoint> endpoints) {
        for (BatchStore.StoredBatch batch : open()) {
            ModelEndpoint endpoint = endpoints.get(batch.role());
            if (batch.batchId().isEmpty() || endpoint == null || endpoint.offline()) {
                continue;
            }
            try {
                OpenAiBatchApi.ProviderBatch cancelled = api(endpoint).cancel(batch.batchId().get());
                store.status(runId, batch.ref(), cancelled.status(), cancelled.completed(), cancelled.failed());
            } catch (ModelCallException e) {
                LOG.warnf("run %s: could not cancel batch %s: %s", runId, batch.batchId().get(), e.getMessage());
            }
        }
    }

    /** One line on the run's open batches for a progress line, empty when there are none. */
    public static String describe(List<BatchStore.StoredBatch> open) {
        return String.join(", ", open.stream().map(b -> b.role().key() + " batch " + b.status() + " "
                + (b.completed() + b.failed()) + "/" + b.total()).toList());
    }

    @Override
    public void close() {
        collectors.values().forEach(BatchCollector::close);
    }
}
