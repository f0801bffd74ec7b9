package dev.parley.store;

/** No run has the given id. */
public class UnknownRunException extends RuntimeException {
    public UnknownRunException(String id) {
        super("no run with id " + id);
    }
}
