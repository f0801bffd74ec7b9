package dev.parley.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * HTTP/1.1 over a plain socket, for requests that HTTP clients would tidy up first: paths sent
 * byte for byte as written (dot segments, encodings, backslashes) and chunked bodies.
 */
final class RawHttp {

    /** A response: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /** Sends a request with the path exactly as given and reads the whole answer. */
    static Answer send(String method, String rawPath, Map<String, String> headers) throws IOException {
        return send(method, rawPath, headers, null, 0);
    }

    /**
     * Sends a request with a chunked body of {@code chunks} chunks of {@code chunk}, stopping early
     * when the server stops reading, and reads the answer.
     */
    static Answer send(String method, String rawPath, Map<String, String> headers, String chunk, int chunks)
            throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + rawPath + " HTTP/1.1\r\nHost: localhost:"
                    + RestAssured.port + "\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (chunk != null) {
                head.append("Transfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (chunk != null) {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                byte[] size = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < chunks; i++) {
                        out.write(size);
                        out.write(bytes);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // The server answered and closed before taking the whole body: read what it said.
                }
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException e) {
            // A reset after the answer was sent still leaves the answer.
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, Math.max(end, 0)).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String body = end < 0 ? "" : text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
