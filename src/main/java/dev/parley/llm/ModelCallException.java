package dev.parley.llm;

/**
 * A model call that did not give a usable answer after its retries.
 * {@link Kind} says whether only the item is lost or the whole run must stop.
 */
public class ModelCallException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** The answer was not valid for its schema (bad JSON, truncated): the item fails. */
        MALFORMED(false),
        /** A transient fault (429, 5xx, timeout) that outlasted the retries: the item fails. */
        TRANSIENT(false),
        /** The endpoint cannot be reached at all: the run stops. */
        UNREACHABLE(true),
        /** The endpoint refused the request for good (401, 400, unknown model): the run stops. */
        REFUSED(true),
        /** The run's budget is spent: the run stops cleanly, and can be resumed with a larger one. */
        BUDGET(true),
        /** The run is being stopped (a signal, say) before the call was made: the item waits for a resume. */
        STOPPED(true);

        private final boolean stopsRun;

        Kind(boolean stopsRun) {
            this.stopsRun = stopsRun;
        }

        public boolean stopsRun() {
            return stopsRun;
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;
    private final int status;

    public ModelCallException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, 0);
    }

    /** The message is stored with the run and shown: credentials in it are masked ({@link Secrets}). */
    public ModelCallException(Kind kind, String message, Throwable cause, int status) {
        super(Secrets.redact(message), cause);
        this.kind = kind;
        this.status = status;
    }

    /** The HTTP status the endpoint answered with, or 0 when there was none. */
    public int status() {
        return status;
    }

    public Kind kind() {
        return kind;
    }
}
