package dev.parley.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the batches a run sent to a provider are kept: each batch and its requests stored before the file
 * is uploaded, then its file and batch ids and its status as the provider reports them. A resumed run finds
 * a request's batch here and polls it instead of paying for the request again.
 */
public interface BatchStore {

    /** Status of a batch stored before its file was uploaded. */
    String UPLOADING = "uploading";
    /** Status of a batch whose file is uploaded but which the provider has not confirmed. */
    String UPLOADED = "uploaded";
    /** Status of a batch that was never uploaded and whose requests went into another one. */
    String ABANDONED = "abandoned";

    /**
     * One batch of one run.
     *
     * @param ref       Parley's own id for it, known before the provider's
     * @param role      the role whose requests it holds
     * @param model     the model every request of it names
     * @param fileId    the provider's id of the uploaded input file, once uploaded
     * @param batchId   the provider's id of the batch, once created
     * @param status    {@link #UPLOADING}, {@link #UPLOADED}, {@link #ABANDONED}, or the provider's status
     *                  ({@code validating}, {@code in_progress}, {@code finalizing}, {@code completed}, {@code failed},
     *                  {@code expired}, {@code cancelling}, {@code cancelled})
     * @param total     requests in it
     * @param completed requests the provider has answered
     * @param failed    requests the provider has failed
     */
    record StoredBatch(String ref, ModelRole role, String model, Optional<String> fileId, Optional<String> batchId,
            String status, int total, int completed, int failed) {
        public StoredBatch {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(fileId, "fileId");
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(status, "status");
        }

        /** Whether the provider is done with it (or it never reached the provider). */
        public boolean ended() {
            return switch (status) {
                case "completed", "failed", "expired", "cancelled", ABANDONED -> true;
                default -> false;
            };
        }
    }

    /**
     * One request in a batch.
     *
     * @param customId    the batch line's {@code custom_id}: the item, the request and the attempt
     * @param ref         the batch it is in
     * @param seq         the item it was made for
     * @param requestHash the hash of the request, as the response cache and the call ledger know it
     * @param attempt     1 for its first batch, one more for each batch it was sent in again
     */
    record StoredRequest(String customId, String ref, int seq, String requestHash, int attempt) {
        public StoredRequest {
            Objects.requireNonNull(customId, "customId");
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(requestHash, "requestHash");
        }
    }

    /** Stores a batch and its requests in one transaction, before anything is uploaded. */
    void open(String runId, StoredBatch batch, List<StoredRequest> requests);

    /** The provider's id of the batch's uploaded input file. */
    void fileUploaded(String runId, String ref, String fileId);

    /** The provider's id of the batch, created from the uploaded file. */
    void created(String runId, String ref, String batchId, String status);

    /** The status and counts the provider reported. */
    void status(String runId, String ref, String status, int completed, int failed);

    /** The request's latest attempt in a batch of the run, if it was ever put in one. */
    Optional<StoredRequest> latestRequest(String runId, String requestHash);

    Optional<StoredBatch> batch(String runId, String ref);

    /** The run's batches, oldest first. */
    List<StoredBatch> batches(String runId);

    List<StoredRequest> requests(String runId, String ref);
}
