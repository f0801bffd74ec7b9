package dev.parley.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.parley.config.ParleyConfig;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import dev.parley.store.Tags;

/** Free-text tags a person puts on a run's dialogues, to find them again (the {@code tag} filter) and to export. */
@jakarta.ws.rs.Path("/api/runs")
@Tag(name = "Runs")
@Produces(MediaType.APPLICATION_JSON)
public class TagResource {

    @Inject
    RunRepository runs;

    @Inject
    ItemRepository items;
    @Inject
    Tags tags;
    @Inject
    ParleyConfig config;

    /** A tag to put on a dialogue. */
    public record TagRequest(String tag) {
    }

    /** A dialogue's tags after a change, in the order they were added. */
    public record TagsView(int seq, List<String> tags) {
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tag a dialogue", description = "Puts a free-text tag, {\"tag\": \"…\"} (1 to 100 characters on"
            + " one line), on the dialogue, recorded with who added it; a tag it has already stays. The dialogue list"
            + " filters by tag, and the export's provenance carries them.")
    public TagsView add(@PathParam("id") String id, @PathParam("seq") int seq, TagRequest body,
            @Context HttpHeaders headers) {
        String name = checked(id, seq, body == null ? null : body.tag());
        tags.add(id, seq, name, ApiAccess.actorOf(config.auth(), headers, null));
        return new TagsView(seq, tags.of(id, seq));
    }

    @DELETE
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/tags")
    @Operation(summary = "Take a tag off a dialogue", description = "tag: the tag; 404 when the dialogue does not have"
            + " it.")
    public TagsView remove(@PathParam("id") String id, @PathParam("seq") int seq, @QueryParam("tag") String tag) {
        String name = checked(id, seq, tag);
        if (!tags.remove(id, seq, name)) {
            throw new NotFoundException("dialogue " + seq + " of run " + id + " has no tag '" + name + "'");
        }
        return new TagsView(seq, tags.of(id, seq));
    }

    private String checked(String id, int seq, String tag) {
        var params = new QueryParams();
        String name = tag == null ? "" : tag.strip();
        RunViews.checkTag(params, "tag", name);
        params.check();
        runs.run(id);
        items.item(id, seq).orElseThrow(() -> new NotFoundException("run " + id + " has no dialogue " + seq));
        return name;
    }
}
