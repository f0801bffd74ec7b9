package dev.parley.run;

import java.util.Optional;

import dev.parley.store.RunStatus;

/**
 * How an execution of a run ended.
 *
 * @param runId  the run
 * @param status final status ({@code RUNNING} when it was stopped part-way and can be resumed)
 * @param error  why it stopped, when it did not complete
 */
public record RunOutcome(String runId, RunStatus status, Optional<String> error) {
}
