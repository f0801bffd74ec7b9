package dev.parley.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BatchStore} in memory, for tests of the batch machinery without a database. */
final class InMemoryBatchStore implements BatchStore {

    private final Map<String, StoredBatch> batches = new LinkedHashMap<>();
    private final List<StoredRequest> requests = new ArrayList<>();

    @Override
    public synchronized void open(String runId, StoredBatch batch, List<StoredRequest> added) {
        batches.put(batch.ref(), batch);
        requests.addAll(added);
    }

    @Override
    public synchronized void fileUploaded(String runId, String ref, String fileId) {
        StoredBatch b = batches.get(ref);
        batches.put(ref, new StoredBatch(ref, b.role(), b.model(), Optional.of(fileId), b.batchId(), UPLOADED, b.total(),
                b.completed(), b.failed()));
    }

    @Override
    public synchronized void created(String runId, String ref, String batchId, String status) {
        StoredBatch b = batches.get(ref);
        batches.put(ref, new StoredBatch(ref, b.role(), b.model(), b.fileId(), Optional.of(batchId), status, b.total(),
                b.completed(), b.failed()));
    }

    @Override
    public synchronized void status(String runId, String ref, String status, int completed, int failed) {
        StoredBatch b = batches.get(ref);
        batches.put(ref, new StoredBatch(ref, b.role(), b.model(), b.fileId(), b.batchId(), status, b.total(), completed,
                failed));
    }

    @Override
    public synchronized Optional<StoredRequest> latestRequest(String runId, String requestHash) {
        return requests.stream().filter(r -> r.requestHash().equals(requestHash))
                .max(Comparator.comparingInt(StoredRequest::attempt));
    }

    @Override
    public synchronized Optional<StoredBatch> batch(String runId, String ref) {
        return Optional.ofNullable(batches.get(ref));
    }

    @Override
    public synchronized List<StoredBatch> batches(String runId) {
        return List.copyOf(batches.values());
    }

    @Override
    public synchronized List<StoredRequest> requests(String runId, String ref) {
        return requests.stream().filter(r -> r.ref().equals(ref)).toList();
    }
}
