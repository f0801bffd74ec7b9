package dev.parley.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Parley's configuration: every key under {@code parley.}, settable in {@code application.properties}
 * or as an environment variable ({@code parley.llm.base-url} is {@code PARLEY_LLM_BASE_URL}).
 */
@ConfigMapping(prefix = "parley")
public interface ParleyConfig {

    /** Folder for the embedded database and default outputs. */
    @WithDefault("./data")
    Path dataDir();

    /** Folder of named recipes, as used by {@code POST /api/runs {"recipe": "name"}}. */
    @WithDefault("recipes")
    Path recipesDir();

    /**
     * Further folders whose files recipes may name (seeds, values, references, rubric, prompts, real
     * data), besides the recipe's own folder ({@code recipes-dir} for recipes sent over REST). A recipe
     * names them by absolute path; a name outside every allowed folder is refused.
     */
    Optional<List<Path>> recipeFileRoots();

    /** Model endpoints, shared settings and per-role overrides. */
    Llm llm();

    /** Who may use the REST API and the web UI. */
    Auth auth();

    /** Limits of the REST API. */
    Api api();

    /**
     * Access to the REST API and the web UI: open when nothing is set, and always open in dev mode.
     * With an API key, a basic-auth user and password, or both, every request needs one of them,
     * except {@code /q/health} and CORS preflight requests.
     */
    interface Auth {

        /** A key clients send as {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}. */
        Optional<String> apiKey();

        /** User name for HTTP basic auth, which browsers ask for themselves; needs {@code password}. */
        Optional<String> user();

        /** Password for HTTP basic auth; needs {@code user}. */
        Optional<String> password();
    }

    /** Limits of the REST API. */
    interface Api {

        /**
         * The largest JSON request body (a recipe, a review); a larger one is refused with 413 before
         * it is read. Other bodies are bounded by {@code quarkus.http.limits.max-body-size}.
         */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxJsonBody();

        /**
         * The largest {@code count} of a run started over REST, from the recipe or the request: the size
         * at which a run's page and report were measured to answer in under two seconds (README, "Reports
         * of large runs"). The command line is not limited by it.
         */
        @WithDefault("20000")
        int maxCount();

        /**
         * The most cells a recipe's coverage grid (the product of its dimensions' value counts) may have
         * when it is validated or run over REST.
         */
        @WithDefault("10000000")
        long maxGridCells();

        /**
         * Steps one request may spend searching a recipe's coverage grid, shared by the check that some cell
         * is allowed and the planner (which adds a few steps per dimension of each dialogue it plans). Each
         * step is a rule match over a partial cell: the default takes well under a second. A request past it
         * is a 400 problem on {@code coverage.exclude}; the command line has the same default.
         */
        @WithDefault("500000")
        long workBudget();
    }

    /** Limits of the command line. */
    Cli cli();

    /** Limits of the command line. */
    interface Cli {

        /**
         * The largest {@code count} of a run started by {@code parley generate}, from the recipe or
         * {@code --count}: a run this size is planned and stored in memory at once, so the default stays
         * within what one machine plans in a minute or two. Raise it for a bigger run on a bigger machine.
         */
        @WithDefault("1000000")
        int maxCount();
    }

    /** Run engine settings. */
    Engine engine();

    /** Training-file export settings. */
    Export export();

    /**
     * Prices per model name, in dollars per million tokens, for the cost of a run and its budget:
     * {@code parley.prices."gpt-4o-mini".input=0.15}. Models not listed cost nothing in reports.
     */
    Map<String, Price> prices();

    /** The price of one model. */
    interface Price {
        /** Dollars per million input (prompt) tokens. */
        double input();

        /** Dollars per million output (completion) tokens. */
        double output();

        /**
         * Dollars per million input tokens of requests answered through the provider's batch API
         * ({@code parley.prices."gpt-4o-mini".batch-input=0.075}); the direct price when not set.
         */
        OptionalDouble batchInput();

        /** Dollars per million output tokens of requests answered through the batch API; the direct price when not set. */
        OptionalDouble batchOutput();
    }

    /** Training-file export settings. */
    interface Export {

        /**
         * The context length, in tokens, of the model that will be trained on the export. Records
         * longer than this (by Parley's approximate count: about four characters per token) are still
         * exported, but listed in a warning, the dataset card and the manifest, since a trainer will
         * truncate or drop them. A recipe's {@code export.context-length}, {@code --context-length} or
         * {@code ?contextLength=} overrides it for one export.
         */
        @WithDefault("8192")
        int contextLength();
    }

    /** Run engine settings. */
    interface Engine {

        /**
         * How long a worker's claim on an item lasts without renewal. A worker renews its leases
         * while it lives; when it dies, another takes its items over once their leases run out. A run
         * still marked running that no worker has reported on for three leases is shown as stale.
         */
        @WithDefault("20s")
        Duration lease();
    }

    /** The database that holds runs, items, model calls and cached answers. */
    Store store();

    /**
     * Which database Parley uses, chosen when it starts (no rebuild). H2 is one process's store;
     * PostgreSQL lets several Parley processes share runs.
     */
    interface Store {

        /**
         * {@code h2} for an embedded H2 file under {@code parley.data-dir} (the default), or
         * {@code postgresql} for the PostgreSQL database at {@code parley.store.url}.
         */
        @WithDefault("h2")
        StoreKind kind();

        /**
         * JDBC URL of the PostgreSQL database, e.g. {@code jdbc:postgresql://db.example:5432/parley};
         * required when {@code kind} is {@code postgresql}, unused for H2. A {@code currentSchema=…}
         * parameter puts Parley's tables in that (existing) schema.
         */
        Optional<String> url();

        /** PostgreSQL user name; unused for H2. */
        Optional<String> username();

        /** PostgreSQL password; unused for H2. */
        Optional<String> password();
    }

    /** Model settings: the shared ones, then per-role overrides that fall back to them. */
    interface Llm {

        /** The shared settings, used by every role that does not override them. */
        @WithParentName
        Endpoint shared();

        /** Overrides for the model that writes dialogues. */
        Endpoint generator();

        /** Overrides for the rubric judge. */
        Endpoint judge();

        /** Overrides for the user simulator of role-play mode. */
        Endpoint user();

        /** Overrides for the tool simulator, which answers tool calls a recipe's fixtures do not (temperature 0 unless set). */
        Endpoint tools();

        /** How many model calls may be in flight at once, per endpoint. */
        @WithDefault("8")
        int maxConcurrency();

        /** How long one model call may take before it counts as timed out; whole seconds, rounded up. */
        @WithDefault("120s")
        Duration timeout();

        /** How often a failed or malformed model call is tried again before the item fails. */
        @WithDefault("3")
        int maxRetries();

        /** First pause before a retry; later pauses double, with jitter, up to 30 seconds. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** The circuit breaker that pauses an endpoint after repeated failures. */
        CircuitBreaker circuitBreaker();

        /** Log every request and response to the model (verbose; for debugging a provider). */
        @WithDefault("false")
        boolean logRequests();

        /** How requests of roles in batch mode go through the provider's batch API. */
        Batch batch();
    }

    /**
     * Batch mode: a role's requests are collected into a JSONL file, uploaded through the OpenAI-compatible
     * Files API and run as one batch (at about half price), polled until it ends.
     */
    interface Batch {

        /** A stage's requests are submitted once no new one has come for this long. */
        @WithDefault("2s")
        Duration settle();

        /** The first pause between two polls of an open batch; later pauses double up to {@code poll-max}. */
        @WithDefault("10s")
        Duration pollInterval();

        /** The longest pause between two polls of an open batch. */
        @WithDefault("5m")
        Duration pollMax();

        /** The most requests in one batch input file (OpenAI: 50,000); a larger stage is split. */
        @WithDefault("50000")
        int maxRequests();

        /** The largest batch input file, in bytes (OpenAI: 200 MB); a larger stage is split. */
        @WithDefault("200000000")
        long maxBytes();

        /** The most batches of one role of a run open at once; further ones wait until one ends. */
        @WithDefault("10")
        int maxOpen();

        /**
         * Items processed at once while a role is in batch mode: a whole stage's requests must be waiting
         * together to form one batch. Waiting items hold no database connection.
         */
        @WithDefault("2000")
        int itemsInFlight();
    }

    /** When an endpoint counts as down, and for how long it is left alone. */
    interface CircuitBreaker {

        /** Consecutive failed calls (5xx, timeouts, connection errors) that open the circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long the endpoint is left alone when the circuit opens; doubles with each reopening, up to 5 minutes. */
        @WithDefault("30s")
        Duration openFor();

        /** Openings in a row, without a success between them, after which the run stops with the reason. */
        @WithDefault("5")
        int maxOpenings();
    }

    /** One OpenAI-compatible endpoint. Every value is optional; unset values fall back to the shared ones. */
    interface Endpoint {

        /** Base URL of an OpenAI-compatible API, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:11434/v1}. */
        Optional<String> baseUrl();

        /** API key; the shared one falls back to {@code OPENAI_API_KEY}. */
        Optional<String> apiKey();

        /** Model name as the endpoint knows it. */
        Optional<String> model();

        /** Sampling temperature; the judge defaults to 0. */
        OptionalDouble temperature();

        /**
         * Send this role's requests through the provider's batch API instead of one call each (cheaper,
         * slower); a recipe's {@code models.<role>: {batch: true}} turns it on for one run.
         */
        Optional<Boolean> batch();
    }

}
