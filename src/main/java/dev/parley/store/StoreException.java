package dev.parley.store;

import java.sql.SQLException;

/** The database failed; the message says how, without SQL state noise. */
public class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }

    /** A stored value that cannot be read back. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
