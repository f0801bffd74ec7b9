package dev.parley.llm;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Iterator;
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
 * <p>Each connection ({@link PlainHttpConnection}) reads a body of a {@code Content-Length}, a chunked body, or a
 * body up to the connection's end, and skips interim {@code 1xx} answers; {@code Connection: close} and HTTP/1.0 end
 * the connection after the answer. A connection idle for {@link #IDLE_LIMIT} is closed (servers close theirs after about five seconds), and a
 * kept connection the server closed before answering is replaced once by a new one: the request never reached it.
 */
final class PlainHttpClient {

    /** How long a kept connection may wait for its next call; uvicorn's and Node's servers close theirs at 5 s. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(4);

    private final String host;
    private final int port;
    private final String head;
    private final int timeoutMillis;
    private final long idleLimitNanos;
    /** Connections waiting for a call, the most recently used first. */
    private final Deque<PlainHttpConnection> idle = new ConcurrentLinkedDeque<>();
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
        PlainHttpConnection connection = kept();
        if (connection != null) {
            try {
                return exchange(connection, message, deadline);
            } catch (PlainHttpConnection.UnansweredException stale) {
                // The server had closed this kept connection: the request did not reach it, a new connection sends it.
                connection.close();
            }
        }
        connection = open();
        try {
            return exchange(connection, message, deadline);
        } catch (PlainHttpConnection.UnansweredException e) {
            connection.close();
            throw new EOFException("the server at " + host + ":" + port + " closed the connection without an answer");
        }
    }

    private Answer exchange(PlainHttpConnection connection, byte[] message, long deadline) throws IOException {
        boolean keep = false;
        try {
            connection.send(message);
            PlainHttpConnection.Response response = connection.read(deadline);
            keep = response.keepAlive();
            return new Answer(response.status(), response.body(), response.retryAfter());
        } catch (PlainHttpConnection.UnansweredException e) {
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
            } else if (!connection.isClosed()) {
                connection.close();
            }
        }
    }

    private PlainHttpConnection kept() {
        long now = System.nanoTime();
        for (PlainHttpConnection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            if (now - c.idleSince() < idleLimitNanos) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private PlainHttpConnection open() throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return new PlainHttpConnection(socket, host + ":" + port, timeoutMillis);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void release(PlainHttpConnection connection) {
        connection.idleFromNow();
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
            for (Iterator<PlainHttpConnection> it = idle.descendingIterator(); it.hasNext();) {
                PlainHttpConnection c = it.next();
                if (now - c.idleSince() >= idleLimitNanos && idle.removeLastOccurrence(c)) {
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
}
