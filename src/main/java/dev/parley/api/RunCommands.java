package dev.parley.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Serialises the commands that change whether a run executes (resume, cancel, delete): one command per
 * run at a time in this process, and a second one sent meanwhile is refused with a 409 naming the command
 * under way, instead of both deciding on the same state (a resume and a delete could otherwise both
 * succeed and leave a half-deleted run executing).
 */
@ApplicationScoped
public class RunCommands {

    /** Run id to the command under way on it. */
    private final Map<String, String> underWay = new ConcurrentHashMap<>();

    /**
     * Does {@code work} as the one command under way on the run.
     *
     * @param command what the work does, as the refusal names it ("resume", "delete", …)
     * @throws ConflictException when another command on the run is under way
     */
    public <T> T exclusively(String runId, String command, Supplier<T> work) {
        String other = underWay.putIfAbsent(runId, command);
        if (other != null) {
            throw new ConflictException("run " + runId + " cannot " + command + ": a " + other + " of it is under way"
                    + " in another request; try again once that has answered");
        }
        try {
            return work.get();
        } finally {
            underWay.remove(runId, command);
        }
    }
}
