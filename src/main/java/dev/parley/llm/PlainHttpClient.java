package dev.parley.llm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST} requests to a plain-text ({@code http://}) endpoint over HTTP/1.1, each on its caller's thread over a
 * blocking socket, with the connections kept open between calls.
 *
 * <p>Why not the JDK's HTTP client: a model server on the same machine or network (vLLM, Ollama, llama.cpp, the
 * bench's stub) answers in milliseconds, and then the client's own work per call counts. The JDK's client builds a
 * filter chain, a chain of completable futures and its headers anew for each request and hands the answer between
 * its selector thread, its executor and the caller: a fifth of Parley's CPU per call in a 20 ms bench (README,
 * Benchmarks). Here a call writes its request in one write and reads the answer on the caller's virtual thread,
 * which the JDK parks while the socket waits. {@code https://} endpoints keep the JDK's client, with its TLS and
 * HTTP/2.
 *
 * <p>What a server may answer: a body of a {@code Content-Length}, a chunked body, or a body up to the connection's
 * end; interim {@code 1xx} answers are skipped; {@code Connection: close} and HTTP/1.0 end the connection after the
 * answer. A connection idle for {@link #IDLE_LIMIT} is closed (servers close theirs after about five seconds), and a
 * kept connection the server closed before answering is replaced once by a new one: the request never reached it.
 */
final class PlainHttpClient {

    /** How long a kept connection may wait for its next call; uvicorn's and Node's servers close theirs at 5 s. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(4);
    private static final byte[] CRLF = {'\r', '\n'};
    /** A status line or header longer than this is not an HTTP answer. */
    private static final int MAX_LINE = 64 * 1024;

    private final String host;
    private final int port;
    private final String head;
    private final int timeoutMillis;
    private final long idleLimitNanos;
    /** Connections waiting for a call, the most recently used first. */
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean reaping = new AtomicBoolean();

    /**
     * @param target    the URL requests go to; its scheme must be {@code http}
     * @param timeout   for connecting, and for the whole answer of each call
     * @param idleLimit how long a kept connection waits for a call before it is closed
     */
    PlainHttpClient(URI target, Duration timeout, Duration idleLimit) {
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("not a plain http URL with a host: " + target);
        }
        this.host = target.getHost();
        this.port = target.getPort() == -1 ? 80 : target.getPort();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
        // The Host header names the host and any port the URL gave, never a user name or password in the URL.
        String hostHeader = target.getPort() == -1 ? host : host + ":" + port;
        this.head = "POST " + path + query + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n";
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        this.idleLimitNanos = idleLimit.toNanos();
    }

    /** An answer: its status, its body as UTF-8 text, and its {@code Retry-After} header if it sent one. */
    record Answer(int status, String body, Optional<String> retryAfter) {
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param contentType the request's {@code Content-Type}
     * @param bearer      sent as {@code Authorization: Bearer …} when present
     * @throws SocketTimeoutException when no whole answer came within the timeout
     * @throws IOException            when the connection failed or the answer is not HTTP
     */
    Answer post(String contentType, Optional<String> bearer, byte[] body) throws IOException {
        StringBuilder request = new StringBuilder(head.length() + 128).append(head)
                .append("Content-Type: ").append(headerValue(contentType)).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        bearer.ifPresent(key -> request.append("Authorization: Bearer ").append(headerValue(key)).append("\r\n"));
        byte[] headBytes = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);

        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Connection connection = kept();
        if (connection != null) {
            try {
                return exchange(connection, message, deadline);
            } catch (UnansweredException stale) {
                // The server had closed this kept connection: the request did not reach it, a new connection sends it.
                connection.close();
            }
        }
        connection = open();
        try {
            return exchange(connection, message, deadline);
        } catch (UnansweredException e) {
            connection.close();
            throw new EOFException("the server at " + host + ":" + port + " closed the connection without an answer");
        }
    }

    private Answer exchange(Connection connection, byte[] message, long deadline) throws IOException {
        boolean keep = false;
        try {
            connection.send(message);
            Connection.Response response = connection.read(deadline);
            keep = response.keepAlive();
            return new Answer(response.status(), response.body(), response.retryAfter());
        } catch (UnansweredException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            connection.close();
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting for a model's answer", e);
            }
            throw e;
        } finally {
            if (keep) {
                release(connection);
            } else if (!connection.socket.isClosed()) {
                connection.close();
            }
        }
    }

    private Connection kept() {
        long now = System.nanoTime();
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            if (now - c.idleSince < idleLimitNanos) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private Connection open() throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void release(Connection connection) {
        connection.idleSince = System.nanoTime();
        idle.offerFirst(connection);
        if (reaping.compareAndSet(false, true)) {
            Thread.ofVirtual().name("parley-http-idle").start(this::reap);
        }
    }

    /** Closes connections idle past the limit, while there are any; the next kept connection starts it again. */
    private void reap() {
        while (true) {
            try {
                Thread.sleep(Duration.ofNanos(idleLimitNanos));
            } catch (InterruptedException e) {
                // Kept connections are still closed when a call finds them past the limit.
                reaping.set(false);
                return;
            }
            long now = System.nanoTime();
            for (Iterator<Connection> it = idle.descendingIterator(); it.hasNext();) {
                Connection c = it.next();
                if (now - c.idleSince >= idleLimitNanos && idle.removeLastOccurrence(c)) {
                    c.close();
                }
            }
            if (idle.isEmpty()) {
                reaping.set(false);
                // A connection kept after the check and before the flag fell finds no reaper: go on for it.
                if (idle.isEmpty() || !reaping.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /** Connections kept for the next call (for tests). */
    int keptCount() {
        return idle.size();
    }

    private static String headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 && ch != '\t' || ch >= 0x7f) {
                throw new IllegalArgumentException("an HTTP header value may hold only printable ASCII characters");
            }
        }
        return value;
    }

    /** The connection ended before the first byte of an answer: the server closed it, or never read the request. */
    private static final class UnansweredException extends IOException {
        UnansweredException() {
            super("closed before an answer");
        }
    }

    /** One open connection and the bytes read from it and not used yet. */
    private final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;
        private long deadline;
        private volatile long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Writes the request; a connection the server had reset is {@link UnansweredException}. */
        void send(byte[] message) throws IOException {
            try {
                out.write(message);
                out.flush();
            } catch (java.net.SocketException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                throw new UnansweredException();
            }
        }

        record Response(int status, String body, Optional<String> retryAfter, boolean keepAlive) {
        }

        Response read(long deadline) throws IOException {
            this.deadline = deadline;
            if (!fill(true)) {
                throw new UnansweredException();
            }
            while (true) {
                String statusLine = line();
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                    throw new IOException("not an HTTP/1.x answer from " + host + ":" + port + ": " + abbreviate(statusLine));
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
                        throw new IOException("a malformed header from " + host + ":" + port + ": " + abbreviate(header));
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
            var body = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int extension = sizeLine.indexOf(';');
                String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("a malformed chunk size from " + host + ":" + port + ": " + abbreviate(sizeLine));
                }
                if (size < 0 || size > Integer.MAX_VALUE - 8 - body.size()) {
                    throw new IOException("a chunk too large from " + host + ":" + port);
                }
                if (size == 0) {
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        // trailers are not needed
                    }
                    return body.toByteArray();
                }
                body.write(bytes(size));
                if (!line().isEmpty()) {
                    throw new IOException("a chunk longer than its size from " + host + ":" + port);
                }
            }
        }

        private byte[] bytes(long length) throws IOException {
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("an answer too large from " + host + ":" + port + ": " + length + " bytes");
            }
            byte[] bytes = new byte[(int) length];
            int copied = 0;
            while (copied < bytes.length) {
                if (position == limit && !fill(false)) {
                    throw new EOFException("the answer from " + host + ":" + port + " ended after " + copied + " of "
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
            var body = new java.io.ByteArrayOutputStream();
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
                    throw new EOFException("the answer from " + host + ":" + port + " ended in its head");
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
                    throw new IOException("a line longer than " + MAX_LINE + " bytes in the answer from " + host + ":" + port);
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
                throw new SocketTimeoutException("no whole answer from " + host + ":" + port + " within " + timeoutMillis + " ms");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n;
            try {
                n = in.read(buffer, 0, buffer.length);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no whole answer from " + host + ":" + port + " within " + timeoutMillis + " ms");
            } catch (java.net.SocketException e) {
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

        private int parseStatus(String statusLine) throws IOException {
            try {
                return Integer.parseInt(statusLine, 9, 12, 10);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status from " + host + ":" + port + ": " + abbreviate(statusLine));
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
            throw new IOException("a malformed Content-Length from " + host + ":" + port + ": " + abbreviate(value));
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
