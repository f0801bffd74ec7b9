package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A zip download that the client abandons leaves no temporary file on the server. */
@QuarkusTest
class ExportDownloadTest {

    @Test
    void leaves_no_temporary_zip_once_the_download_has_begun() throws IOException {
        // given a finished run
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 3));
        RunApi.awaitFinished(id);
        List<Path> before = packages();

        // when a client asks for its zip and hangs up after the first bytes of the answer
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET /api/runs/" + id + "/export.zip HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            // then, once the answer has begun, the package is already gone from the temporary folder
            assertThat(packages()).isSubsetOf(before);
        }
        assertThat(packages()).isSubsetOf(before);
    }

    private static List<Path> packages() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("parley-export-")).toList();
        }
    }
}
