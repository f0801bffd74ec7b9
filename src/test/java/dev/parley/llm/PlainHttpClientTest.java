package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainHttpClient} against a server written here byte by byte: each answer is spelled out as it goes on the
 * wire (RFC 9112), so the client is checked against the protocol, not against another client's server.
 */
class PlainHttpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] BODY = "{\"model\":\"m\",\"text\":\"héllo\"}".getBytes(StandardCharsets.UTF_8);

    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private PlainHttpClient client(Duration idleLimit) {
        return new PlainHttpClient(URI.create(server.url() + "/v1/chat/completions"), TIMEOUT, idleLimit);
    }

    @Test
    void sends_one_request_as_http_1_1_and_keeps_the_connection_for_the_next_call() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")));
        PlainHttpClient client = client(PlainHttpClient.IDLE_LIMIT);

        var first = client.post("application/json", Optional.of("sk-1"), BODY);
        var second = client.post("application/json", Optional.of("sk-1"), BODY);

        assertThat(first).isEqualTo(new PlainHttpClient.Answer(200, "{\"ok\":true}", Optional.empty()));
        assertThat(second.body()).isEqualTo("{\"ok\":true}");
        assertThat(server.connections()).isEqualTo(1);
        assertThat(client.keptCount()).isEqualTo(1);
        Request sent = server.requests().getFirst();
        assertThat(sent.head()).isEqualTo("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
                + "\r\nAuthorization: Bearer sk-1\r\n\r\n");
        assertThat(sent.body()).isEqualTo(BODY);
    }

    @Test
    void reads_a_chunked_answer_with_extensions_and_trailers_and_a_character_split_between_chunks() throws IOException {
        byte[] text = "{\"t\":\"é\"}".getBytes(StandardCharsets.UTF_8); // é is two bytes: 0xC3 0xA9
        server = new ScriptedServer((request, out, connection) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.write(ascii("7;name=value\r\n"));
            out.write(text, 0, 7); // ends after the first byte of é
            out.write(ascii("\r\n3\r\n"));
            out.write(text, 7, 3);
            out.write(ascii("\r\n0\r\nX-Trailer: yes\r\n\r\n"));
        });
        PlainHttpClient client = client(PlainHttpClient.IDLE_LIMIT);

        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("{\"t\":\"é\"}");
        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("{\"t\":\"é\"}");
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests().getFirst().head()).doesNotContain("Authorization");
    }

    @Test
    void reads_an_http_1_0_answer_to_the_end_of_the_connection_and_does_not_keep_it() throws IOException {
        server = new ScriptedServer((request, out, connection) -> {
            out.write(ascii("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"old\":1}"));
            throw new CloseConnection();
        });
        PlainHttpClient client = client(PlainHttpClient.IDLE_LIMIT);

        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("{\"old\":1}");
        assertThat(client.keptCount()).isZero();
        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("{\"old\":1}");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void closes_a_connection_the_server_answers_with_connection_close() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")));
        PlainHttpClient client = client(PlainHttpClient.IDLE_LIMIT);

        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("{}");
        assertThat(client.keptCount()).isZero();
    }

    @Test
    void skips_an_interim_answer() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}")));

        assertThat(client(PlainHttpClient.IDLE_LIMIT).post("application/json", Optional.empty(), BODY))
                .isEqualTo(new PlainHttpClient.Answer(201, "{}", Optional.empty()));
    }

    @Test
    void gives_an_error_answer_its_status_body_and_retry_after() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 429 Too Many Requests\r\nretry-after: 7\r\nContent-Length: 15\r\n\r\n{\"error\":\"slow\"")));

        assertThat(client(PlainHttpClient.IDLE_LIMIT).post("application/json", Optional.empty(), BODY))
                .isEqualTo(new PlainHttpClient.Answer(429, "{\"error\":\"slow\"", Optional.of("7")));
    }

    @Test
    void sends_a_request_again_on_a_new_connection_when_the_server_had_closed_the_kept_one() throws IOException {
        // The server answers once per connection and then closes it without saying so, as a server does when a
        // kept connection has been idle past its own limit.
        server = new ScriptedServer((request, out, connection) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + (1 + Integer.toString(connection).length())
                    + "\r\n\r\n#" + connection));
            throw new CloseConnection();
        });
        PlainHttpClient client = client(PlainHttpClient.IDLE_LIMIT);
        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("#1");
        server.awaitClosed(1);

        assertThat(client.post("application/json", Optional.empty(), BODY).body()).isEqualTo("#2");
        // Each request reached the server once.
        assertThat(server.requests()).hasSize(2);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void does_not_use_a_connection_kept_past_the_idle_limit() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")));
        PlainHttpClient client = client(Duration.ZERO);

        client.post("application/json", Optional.empty(), BODY);
        client.post("application/json", Optional.empty(), BODY);

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void closes_kept_connections_once_they_are_idle_past_the_limit() throws Exception {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")));
        PlainHttpClient client = client(Duration.ofMillis(20));

        client.post("application/json", Optional.empty(), BODY);

        server.awaitClosed(1);
        assertThat(client.keptCount()).isZero();
    }

    @Test
    void times_out_when_no_whole_answer_comes() throws IOException {
        var answered = new CountDownLatch(1);
        server = new ScriptedServer((request, out, connection) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial"));
            out.flush();
            await(answered);
        });
        var client = new PlainHttpClient(URI.create(server.url() + "/v1"), Duration.ofMillis(300), PlainHttpClient.IDLE_LIMIT);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.post("application/json", Optional.empty(), BODY))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("no whole answer from 127.0.0.1:" + server.port() + " within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        answered.countDown();
        assertThat(client.keptCount()).isZero();
    }

    @Test
    void refuses_an_answer_that_is_not_http() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii("SSH-2.0-OpenSSH_9.2\r\n")));

        assertThatThrownBy(() -> client(PlainHttpClient.IDLE_LIMIT).post("application/json", Optional.empty(), BODY))
                .isInstanceOf(IOException.class)
                .hasMessage("not an HTTP/1.x answer from 127.0.0.1:" + server.port() + ": SSH-2.0-OpenSSH_9.2");
    }

    @Test
    void reports_a_server_that_closes_without_answering() throws IOException {
        server = new ScriptedServer((request, out, connection) -> {
            throw new CloseConnection();
        });

        assertThatThrownBy(() -> client(PlainHttpClient.IDLE_LIMIT).post("application/json", Optional.empty(), BODY))
                .isInstanceOf(IOException.class)
                .hasMessage("the server at 127.0.0.1:" + server.port() + " closed the connection without an answer");
        // Sent on a new connection, so not sent again.
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void names_only_the_host_and_port_in_the_host_header() throws IOException {
        server = new ScriptedServer((request, out, connection) -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")));
        var client = new PlainHttpClient(URI.create("http://user:secret@127.0.0.1:" + server.port() + "/v1?x=1"), TIMEOUT,
                PlainHttpClient.IDLE_LIMIT);

        client.post("application/json", Optional.empty(), BODY);

        assertThat(server.requests().getFirst().head()).startsWith("POST /v1?x=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port() + "\r\n").doesNotContain("secret");
    }

    @Test
    void refuses_a_header_value_that_would_break_the_request() {
        var client = new PlainHttpClient(URI.create("http://127.0.0.1:9/v1"), TIMEOUT, PlainHttpClient.IDLE_LIMIT);

        assertThatThrownBy(() -> client.post("application/json", Optional.of("sk\r\nX-Injected: 1"), BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an HTTP header value may hold only printable ASCII characters");
        assertThatThrownBy(() -> new PlainHttpClient(URI.create("https://example.org/v1"), TIMEOUT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a plain http URL with a host: https://example.org/v1");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request as the server read it: its head up to the empty line, and its body. */
    record Request(String head, byte[] body) {
    }

    /** What the server writes for one request; {@code connection} counts the server's connections from 1. */
    @FunctionalInterface
    interface Script {
        void answer(Request request, OutputStream out, int connection) throws IOException;
    }

    /** Thrown by a script to close the connection after its answer. */
    static final class CloseConnection extends IOException {
    }

    /** A server on the loopback address that reads requests by their Content-Length and answers by a script. */
    static final class ScriptedServer implements AutoCloseable {

        private final ServerSocket socket;
        private final Script script;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        ScriptedServer(Script script) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.script = script;
            Thread.ofVirtual().start(this::accept);
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<Request> requests() {
            return requests;
        }

        /** Waits until the server has seen {@code count} connections end (closed by either side). */
        void awaitClosed(int count) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (closed) {
                while (closed.get() < count) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError(closed.get() + " of " + count + " connections closed");
                    }
                    try {
                        closed.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    int number = connections.incrementAndGet();
                    open.add(connection);
                    Thread.ofVirtual().start(() -> serve(connection, number));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection, int number) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                while (true) {
                    Request request = read(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    script.answer(request, out, number);
                    out.flush();
                }
            } catch (IOException e) {
                // the script closed it, or the client did
            } finally {
                synchronized (closed) {
                    closed.incrementAndGet();
                    closed.notifyAll();
                }
            }
        }

        private static Request read(InputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new Request(text, in.readNBytes(length));
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
