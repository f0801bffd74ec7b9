package dev.parley.api;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;

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
