package dev.parley.api;

/** A request that the resource's current state does not allow (cancel a run that is not running, say). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
