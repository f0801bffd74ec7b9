package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** Reads a whole server-sent event stream (until the server closes it) into its events. */
final class ServerSentEvents {

    /** One event: its name and its data as JSON. */
    record Event(String name, JsonPath data) {
    }

    private ServerSentEvents() {
    }

    /** GETs {@code /api/runs/{id}/events} and returns every event once the stream has ended. */
    static List<Event> ofRun(String id) {
        String body = given().accept("text/event-stream").when().get("/api/runs/{id}/events", id)
                .then().statusCode(200).contentType("text/event-stream").extract().asString();
        return parse(body);
    }

    /**
     * GETs {@code /api/runs/{id}/events}, handing each event to {@code seen} as it arrives, while the
     * stream is still open (so the test can act on the run in between), and returns every event once
     * the stream has ended.
     */
    static List<Event> ofRun(String id, Consumer<Event> seen) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/runs/" + id
                + "/events")).header("Accept", "text/event-stream").build();
        var events = new ArrayList<Event>();
        try (var client = HttpClient.newHttpClient()) {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            var block = new StringBuilder();
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    block.append(line).append('\n');
                    if (line.isEmpty()) {
                        for (Event event : parse(block.toString())) {
                            events.add(event);
                            seen.accept(event);
                        }
                        block.setLength(0);
                    }
                }
            }
            events.addAll(parse(block.toString()));
        }
        return events;
    }

    static List<Event> parse(String stream) {
        var events = new ArrayList<Event>();
        for (String block : stream.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            var data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty()) {
                events.add(new Event(name, JsonPath.from(data.toString())));
            }
        }
        return events;
    }
}
