package dev.parley.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.corpus.DialogueFileException;
import dev.parley.export.DatasetExporter;
import dev.parley.export.ExportFormats;
import dev.parley.export.ExportOptions;
import dev.parley.export.ExportRequest;
import dev.parley.export.PreferenceFormat;
import dev.parley.export.RunExporter;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;

/** A run's training export: one file, the whole package as a zip (optionally mixed with real dialogues), provenance. */
@jakarta.ws.rs.Path("/api/runs")
@Tag(name = "Export")
public class ExportResource {

    /** JSON Lines media types a file of real dialogues may be sent as. */
    static final String JSONL = "application/jsonl";

    @Inject
    RunRepository runs;
    @Inject
    RunExporter exporter;

    @GET
    @jakarta.ws.rs.Path("/{id}/export")
    @Produces({JSONL, "application/vnd.apache.parquet"})
    @Operation(summary = "The accepted dialogues in one training format, as one file",
            description = "format: openai (OpenAI chat fine-tuning JSONL), trl, sharegpt, alpaca or parquet; or a"
                    + " preference format: dpo (TRL DPO/ORPO JSONL), kto (TRL KTO JSONL) or openai-preference, with"
                    + " minMargin (≥ 0) overriding the recipe's preference.min-margin; left out,"
                    + " the first format of the recipe's export section, else openai. All accepted dialogues, no split;"
                    + " GET /api/runs/{id}/export.zip gives splits, card and manifest. foldSystem=true: the system"
                    + " prompt starts the first user message, for chat templates without a system role; false: it stays"
                    + " a system message; left out, the recipe's export.fold-system decides. reasoning: omit (the"
                    + " default), field (a reasoning_content field on assistant messages; trl and parquet) or think (a"
                    + " <think> block before the content); left out, the recipe's export.reasoning decides.")
    public Response export(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("foldSystem") Boolean foldSystem, @QueryParam("minMargin") String minMargin,
            @QueryParam("reasoning") String reasoning) throws IOException {
        runs.run(id);
        ExportRequest request = request(() -> ExportRequest.of(format, null, null, null, null, null, foldSystem,
                margin(minMargin), reasoning));
        ExportOptions asked = this.exporter.options(id, request);
        // Left out, the format is the recipe's first, which may be a preference format when it names no other.
        String named = format != null ? format : asked.formats().isEmpty()
                ? asked.preferenceFormats().getFirst().format() : asked.formats().getFirst().format();
        if (ExportFormats.isPreference(named)) {
            PreferenceFormat preference = ExportFormats.preferenceByName(named);
            byte[] pairs = this.exporter.file(id, preference, request.minMargin(), asked.foldSystem());
            return Response.ok(new String(pairs, StandardCharsets.UTF_8), JSONL)
                    .header("Content-Disposition", "attachment; filename=\"" + preference.fileName("train") + "\"").build();
        }
        DatasetExporter exporter = ExportFormats.byName(named);
        byte[] body = this.exporter.file(id, exporter, asked.foldSystem(), asked.reasoning());
        Object entity = exporter.mediaType().equals(JSONL) ? new String(body, StandardCharsets.UTF_8) : body;
        return Response.ok(entity, exporter.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + exporter.fileName("train") + "\"").build();
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/export.zip")
    @Produces("application/zip")
    @Operation(summary = "The whole export package as a zip",
            description = "Training files per format and split, provenance sidecars, dataset card (README.md), charts,"
                    + " report.json and manifest.json, as `parley export` writes them. format: comma-separated"
                    + " (openai, trl, sharegpt, alpaca, parquet, or all; default openai); split: train,validation[,test]"
                    + " shares such as 0.9,0.1; seed: the split seed; contextLength: records longer than this many"
                    + " approximate tokens are named in a warning; foldSystem=true: the system prompt starts the first"
                    + " user message, for chat templates without a system role (false: it stays a system message);"
                    + " the preference formats dpo, kto and openai-preference add preference pairs from revisions, each"
                    + " in its dialogue's split, whose chosen side beats the rejected side by minMargin (≥ 0; default the"
                    + " recipe's preference.min-margin, 1.0)."
                    + " reasoning: omit, field or think, how the reasoning of assistant turns is written."
                    + " Each parameter left out comes from the"
                    + " recipe's export"
                    + " section (which may also name a real-data file and ratio), then Parley's defaults.")
    public Response exportZip(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("split") String split, @QueryParam("seed") Long seed,
            @QueryParam("contextLength") Integer contextLength, @QueryParam("foldSystem") Boolean foldSystem,
            @QueryParam("minMargin") String minMargin, @QueryParam("reasoning") String reasoning) throws IOException {
        RunRecord run = runs.run(id);
        return zip(run, exporter.options(id, request(() -> ExportRequest.of(format, split, seed, null, null, contextLength,
                foldSystem, margin(minMargin), reasoning))));
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/export.zip")
    @Consumes({JSONL, "application/x-ndjson", MediaType.TEXT_PLAIN})
    @Produces("application/zip")
    @Operation(summary = "The export package as a zip, mixed with real dialogues",
            description = "The body is a JSONL file of real dialogues, one per line: OpenAI chat"
                    + " ({\"messages\": [{\"role\", \"content\"}]}) or ShareGPT ({\"conversations\": [{\"from\", \"value\"}]})."
                    + " Every real dialogue is kept and the synthetic ones are added (accumulate, never replace); each"
                    + " record's provenance says its origin (real or synthetic), and the card and manifest give the share."
                    + " realRatio: the minimum share of real dialogues (0 < r < 1; synthetic ones beyond it are left out,"
                    + " one plan cell at a time); realName: the name the file is recorded under (default"
                    + " real-dialogues.jsonl). format, split, seed, contextLength, foldSystem, minMargin and reasoning as for GET. A line that"
                    + " cannot be used is a 400"
                    + " problem whose errors name it as lines[n] with the field inside it.")
    public Response exportZipMixed(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("split") String split, @QueryParam("seed") Long seed, @QueryParam("contextLength") Integer contextLength,
            @QueryParam("realRatio") Double realRatio, @QueryParam("realName") @DefaultValue("real-dialogues.jsonl") String realName,
            @QueryParam("foldSystem") Boolean foldSystem, @QueryParam("minMargin") String minMargin,
            @QueryParam("reasoning") String reasoning,
            @RequestBody(description = "real dialogues, JSON Lines") InputStream body) throws IOException {
        RunRecord run = runs.run(id);
        if (!realName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new InvalidRequestException(List.of(new Problem.FieldError("realName",
                    "must be a file name of letters, digits, '.', '_' or '-' (at most 100)")));
        }
        Path dir = Files.createTempDirectory("parley-real-");
        try {
            Path file = dir.resolve(realName);
            try (InputStream in = body) {
                Files.copy(in, file);
            }
            if (Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
                throw new InvalidRequestException(List.of(new Problem.FieldError("body",
                        "holds no dialogue: send a JSONL file of real dialogues, one per line")));
            }
            try {
                return zip(run, exporter.options(id, request(() -> ExportRequest.of(format, split, seed, file, realRatio,
                        contextLength, foldSystem, margin(minMargin), reasoning))));
            } catch (DialogueFileException e) {
                throw new InvalidRequestException(List.of(new Problem.FieldError(
                        "lines[" + e.line() + "]" + (e.field().isEmpty() ? "" : "." + e.field()), e.problem())));
            }
        } finally {
            Files.deleteIfExists(dir.resolve(realName));
            Files.deleteIfExists(dir);
        }
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/provenance")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What every record of a run shares: recipe and prompt hashes, seeds' synthetic depth, models"
            + " and sampling parameters per role as stored when the run was created")
    public JsonNode runProvenance(@PathParam("id") String id) {
        return exporter.runProvenance(id);
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/provenance")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One dialogue's provenance, as its exported record carries it",
            description = "synthetic, origin, run and plan position, cell, seed, models per role, recipe and prompt"
                    + " hashes, scores, revision count and the seeds' synthetic depth, derived from the store.")
    public JsonNode itemProvenance(@PathParam("id") String id, @PathParam("seq") int seq) {
        try {
            return exporter.itemProvenance(id, seq);
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    /** The {@code minMargin} query parameter as a number; a 400 naming it when it is not one. */
    private static Double margin(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(List.of(new Problem.FieldError("minMargin",
                    "must be a number ≥ 0, got '" + text + "'")));
        }
    }

    /**
     * The request the query asked for; a format or margin it cannot take is a 400 whose error names the parameter
     * ({@code format}, {@code minMargin}), other bad values the shared message.
     */
    private static ExportRequest request(Supplier<ExportRequest> asked) {
        try {
            return asked.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.startsWith("unknown export format") || message.startsWith("the format list is empty")) {
                throw new InvalidRequestException(List.of(new Problem.FieldError("format", message)));
            }
            if (message.startsWith("--min-margin")) {
                throw new InvalidRequestException(List.of(new Problem.FieldError("minMargin",
                        message.substring("--min-margin ".length()))));
            }
            throw e;
        }
    }

    /** Builds the zip completely before answering, so that a failure is still a problem+json response. */
    private Response zip(RunRecord run, ExportOptions options) throws IOException {
        Path zip = Files.createTempFile("parley-export-", ".zip");
        try (var out = Files.newOutputStream(zip)) {
            exporter.zip(run.id(), options, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(zip);
            throw e;
        }
        // Opened for reading with DELETE_ON_CLOSE, which on Linux and macOS unlinks the file at once: a
        // download the client abandons, before or during the copy, leaves no file behind.
        InputStream packaged = Files.newInputStream(zip, StandardOpenOption.DELETE_ON_CLOSE);
        StreamingOutput stream = out -> {
            try (packaged) {
                packaged.transferTo(out);
            }
        };
        String id = run.id();
        return Response.ok(stream, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + run.name() + "-" + id.substring(0, Math.min(8,
                        id.length())) + ".zip\"").build();
    }
}
