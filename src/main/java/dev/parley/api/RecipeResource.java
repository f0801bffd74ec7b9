package dev.parley.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.api.RunResource.Page;
import dev.parley.corpus.RunInputs;
import dev.parley.plan.PlannedDialogue;
import dev.parley.plan.Planner;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import io.vertx.core.http.HttpServerRequest;

/** Recipes: list and read the named ones, validate one without running it, save one. */
@Path("/api/recipes")
@Tag(name = "Recipes")
@Produces(MediaType.APPLICATION_JSON)
public class RecipeResource {

    /** Plans up to this many dialogues are worked out for validation; larger ones are only counted. */
    static final int MAX_PLAN_PREVIEW = 100_000;

    @Inject
    RecipeCatalog catalog;

    @Inject
    RequestWork work;

    /** A named recipe in a list; {@code error} says why the file is not a valid recipe, if it is not. */
    public record RecipeSummary(String name, String description, String language, Integer count, String mode,
            String error) {
    }

    /**
     * One named recipe: its file text and the recipe as JSON, or, for a file that is not a valid
     * recipe, its problems.
     */
    public record RecipeView(String name, String yaml, JsonNode recipe, List<Problem.FieldError> errors) {
    }

    /** The body of a save: the recipe's YAML text. */
    public record RecipeText(String yaml) {
    }

    /** What a valid recipe would make: the recipe as JSON and its plan. */
    public record Validation(boolean valid, JsonNode recipe, PlanPreview plan) {
    }

    /**
     * How the plan spreads over the coverage grid.
     *
     * @param total     dialogues planned
     * @param gridSize  cells in the grid
     * @param cells     planned cells with their dialogue counts, in plan order; empty when the plan is
     *                  larger than {@value RecipeResource#MAX_PLAN_PREVIEW} dialogues
     */
    public record PlanPreview(int total, long gridSize, List<PlannedCell> cells) {
    }

    /** A cell of the plan and how many dialogues it gets. */
    public record PlannedCell(Map<String, String> cell, int dialogues) {
    }

    @GET
    @Operation(summary = "List the named recipes", description = "The recipe files in parley.recipes-dir, by name,"
            + " paged (offset, limit 1..500). A file that is not a valid recipe is listed with its error.")
    public Page<RecipeSummary> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        var params = new QueryParams();
        QueryParams.Paging page = params.paging(offset, limit);
        params.check();
        List<RecipeCatalog.Entry> all = catalog.list();
        List<RecipeSummary> items = all.stream().skip(page.offset()).limit(page.limit()).map(e -> e.recipe()
                .map(r -> new RecipeSummary(e.name(), r.description(), r.language(), r.count(), r.mode(), null))
                .orElseGet(() -> new RecipeSummary(e.name(), null, null, null, null,
                        e.problems().map(Throwable::getMessage).orElse("not a valid recipe"))))
                .toList();
        return new Page<>(items, page.offset(), page.limit(), all.size());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Read a named recipe", description = "The file text (yaml) and the parsed recipe as JSON"
            + " (recipe); for a file that is not a valid recipe, recipe is null and errors names the failing fields.")
    public RecipeView read(@PathParam("name") String name) {
        RecipeCatalog.Entry entry = catalog.find(name).orElseThrow(() -> new NotFoundException(
                "there is no recipe named '" + QueryParams.shorten(name) + "'"));
        return view(entry);
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a recipe without running it", description = "Body: {\"yaml\": \"<recipe text>\"}"
            + " or a recipe as JSON. A valid recipe answers with the recipe and its plan (dialogues per cell of the"
            + " coverage grid); an invalid one with 400 and every failing field in errors.")
    public Validation validate(JsonNode body, @Context HttpServerRequest request) {
        return work.bounded(request, () -> {
            Recipe recipe = catalog.fromValidateBody(body);
            // Valid means runnable: the seed, reference and evaluation files must hold readable dialogues.
            RunInputs.load(recipe);
            return new Validation(true, RecipeLoader.toTree(recipe), preview(recipe));
        });
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a named recipe", description = "Body: {\"yaml\": \"<recipe text>\"}. The text is"
            + " validated and saved as <name>.yaml in parley.recipes-dir (201 when new, 200 when replaced); an invalid"
            + " recipe is not saved. name: lower-case letters, digits and '-', at most 64 characters.")
    public Response save(@PathParam("name") String name, RecipeText body, @Context HttpServerRequest request) {
        if (name == null || !RecipeCatalog.SAVE_NAME.matcher(name).matches()) {
            throw new InvalidRequestException(List.of(new Problem.FieldError("name",
                    "must be 1 to 64 lower-case letters, digits or '-', not '" + QueryParams.shorten(String.valueOf(name))
                            + "'")));
        }
        String yaml = RecipeCatalog.requireYaml(body == null ? null : body.yaml());
        boolean existed = catalog.find(name).isPresent();
        RecipeView saved = work.bounded(request, () -> view(catalog.save(name, yaml)));
        return Response.status(existed ? 200 : 201).entity(saved).header("Location", "/api/recipes/" + name).build();
    }

    private static RecipeView view(RecipeCatalog.Entry entry) {
        return new RecipeView(entry.name(), entry.text(), entry.recipe().map(RecipeLoader::toTree).orElse(null),
                entry.problems().map(p -> p.problems().stream().map(Problem.FieldError::of).toList()).orElse(null));
    }

    static PlanPreview preview(Recipe recipe) {
        long grid = Planner.gridSize(recipe.dimensions());
        if (recipe.count() > MAX_PLAN_PREVIEW) {
            return new PlanPreview(recipe.count(), grid, List.of());
        }
        var counts = new LinkedHashMap<String, PlannedCell>();
        for (PlannedDialogue planned : Planner.plan(recipe)) {
            counts.merge(planned.cell().key(), new PlannedCell(planned.cell().values(), 1),
                    (a, b) -> new PlannedCell(a.cell(), a.dialogues() + 1));
        }
        return new PlanPreview(recipe.count(), grid, List.copyOf(counts.values()));
    }
}
