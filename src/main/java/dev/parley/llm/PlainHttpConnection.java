package dev.parley.llm;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One open HTTP/1.1 connection of a {@link PlainHttpClient}: it writes a request and reads its answer from the
 * wire (RFC 9112): the status line and headers, then a body of a {@code Content-Length}, a chunked body, or a body
 * up to the connection's end, skipping interim {@code 1xx} answers. It keeps the bytes it read and did not use;
 * an answer followed by more bytes ends the connection.
 */
final class PlainHttpConnection {

    /** A status line or header longer than this is not an HTTP answer. */
    private static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** {@code host:port}, for messages. */
    private final String where;
    private final int timeoutMillis;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private long deadline;
    private volatile long idleSince;

    /**
     * @param socket        a connected socket, which this connection now owns
     * @param where         {@code host:port}, for messages
     * @param timeoutMillis the whole answer's timeout, for messages (each read gets the time left to its deadline)
     */
    PlainHttpConnection(Socket socket, String where, int timeoutMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.where = where;
        this.timeoutMillis = timeoutMillis;
    }

    /** An answer as read: its status, body, {@code Retry-After}, and whether the connection may carry another call. */
    record Response(int status, String body, Optional<String> retryAfter, boolean keepAlive) {
    }

    /** The connection ended before the first byte of an answer: the server closed it, or never read the request. */
    static final class UnansweredException extends IOException {
        UnansweredException() {
            super("closed before an answer");
        }
    }

    /** Marks the connection as waiting for its next call from now. */
    void idleFromNow() {
        idleSince = System.nanoTime();
    }

    /** Since when the connection has waited for a call ({@link System#nanoTime()}). */
    long idleSince() {
        return idleSince;
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    /** Writes the request; a connection the server had reset is {@link UnansweredException}. */
    void send(byte[] message) throws IOException {
        try {
            out.write(message);
            out.flush();
        } catch (SocketException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            throw new UnansweredException();
        }
    }

    /**
     * Reads the answer to the request just sent.
     *
     * @param deadline {@link System#nanoTime()} by which the whole answer must have come
     * @throws UnansweredException when the connection ended before the answer's first byte
     */
    Response read(long deadline) throws IOException {
        this.deadline = deadline;
        if (!fill(true)) {
            throw new UnansweredException();
        }
        while (true) {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x answer from " + where + ": " + abbreviate(statusLine));
            }
            int status = parseStatus(statusLine);
            boolean http10 = statusLine.charAt(7) == '0';
            long length = -1;
            boolean chunked = false;
            String connection = null;
            String retryAfter = null;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("a malformed header from " + where + ": " + abbreviate(header));
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = parseLength(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    case "connection" -> connection = value.toLowerCase(Locale.ROOT);
                    case "retry-after" -> retryAfter = value;
                    default -> {
                        // not needed
                    }
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            boolean keepAlive = http10 ? connection != null && connection.contains("keep-alive")
                    : connection == null || !connection.contains("close");
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = chunkedBody();
            } else if (length >= 0) {
                body = bytes(length);
            } else {
                body = untilEnd();
                keepAlive = false;
            }
            return new Response(status, new String(body, StandardCharsets.UTF_8), Optional.ofNullable(retryAfter),
                    keepAlive && limit == position);
        }
    }

    private byte[] chunkedBody() throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int extension = sizeLine.indexOf(';');
            String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("a malformed chunk size from " + where + ": " + abbreviate(sizeLine));
            }
            if (size < 0 || size > Integer.MAX_VALUE - 8 - body.size()) {
                throw new IOException("a chunk too large from " + where);
            }
            if (size == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not needed
                }
                return body.toByteArray();
            }
            body.write(bytes(size));
            if (!line().isEmpty()) {
                throw new IOException("a chunk longer than its size from " + where);
            }
        }
    }

    private byte[] bytes(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("an answer too large from " + where + ": " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        int copied = 0;
        while (copied < bytes.length) {
            if (position == limit && !fill(false)) {
                throw new EOFException("the answer from " + where + " ended after " + copied + " of "
                        + length + " bytes");
            }
            int n = Math.min(limit - position, bytes.length - copied);
            System.arraycopy(buffer, position, bytes, copied, n);
            position += n;
            copied += n;
        }
        return bytes;
    }

    private byte[] untilEnd() throws IOException {
        var body = new ByteArrayOutputStream();
        while (position < limit || fill(false)) {
            body.write(buffer, position, limit - position);
            position = limit;
        }
        return body.toByteArray();
    }

    /** A line of the answer's head, without its line end, read as ISO-8859-1. */
    private String line() throws IOException {
        var text = new StringBuilder(64);
        while (true) {
            if (position == limit && !fill(false)) {
                throw new EOFException("the answer from " + where + " ended in its head");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = text.length();
                if (end > 0 && text.charAt(end - 1) == '\r') {
                    text.setLength(end - 1);
                }
                return text.toString();
            }
            if (text.length() == MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes in the answer from " + where);
            }
            text.append((char) (b & 0xff));
        }
    }

    /**
     * Reads more of the answer into the buffer, waiting at most until the deadline.
     *
     * @param first whether nothing of the answer has come yet: an end or a reset then is {@link UnansweredException}
     * @return false at the connection's end
     */
    private boolean fill(boolean first) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw timedOut();
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (SocketTimeoutException e) {
            throw timedOut();
        } catch (SocketException e) {
            if (first && !Thread.currentThread().isInterrupted()) {
                throw new UnansweredException();
            }
            throw e;
        }
        if (n < 0) {
            if (first) {
                throw new UnansweredException();
            }
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private SocketTimeoutException timedOut() {
        return new SocketTimeoutException("no whole answer from " + where + " within " + timeoutMillis + " ms");
    }

    private int parseStatus(String statusLine) throws IOException {
        try {
            return Integer.parseInt(statusLine, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status from " + where + ": " + abbreviate(statusLine));
        }
    }

    private long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("a malformed Content-Length from " + where + ": " + abbreviate(value));
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
