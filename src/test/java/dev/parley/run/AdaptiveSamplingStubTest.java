package dev.parley.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemQueue;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Adaptive sampling against the stub: a judge that rejects one cell's dialogues makes the run add
 * top-up items for that cell only, and the accepted dataset keeps the planned distribution.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class AdaptiveSamplingStubTest {

    /** The one cell the judge turns down. */
    private static final String WEAK_CELL = "topic=refund|persona=student";

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    ItemQueue queue;

    @Inject
    RunReporter reporter;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    /** 3 topics × 2 personas, 12 dialogues: every cell planned twice. */
    private RunRecord create(String name, long seed, double maxExtra) {
        return engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 12
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                  persona: [student, retiree]
                judge: { recheck: 0, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                coverage: { adaptive: { max-extra: %s } }
                """.formatted(name, seed, maxExtra)), RunOptions.DEFAULTS);
    }

    private static final java.util.regex.Pattern TICKET = java.util.regex.Pattern.compile("ticket (\\d+)\\)");

    /**
     * The judge scores the weak cell's dialogues 1: those of planned items only (their top-ups pass),
     * or every one. Which item a dialogue belongs to is looked up in the store by the stub's ticket
     * number, so the outcome does not depend on the order in which items reach the judge.
     */
    private void rejectWeakCell(String runId, boolean plannedOnly) {
        stub.respondWith(request -> {
            String brief = OpenAiStubServer.brief(request);
            if (!OpenAiStubServer.VERDICT.equals(OpenAiStubServer.schemaName(request)) || !brief.contains("topic: refund")
                    || !brief.contains("persona: student")) {
                return OpenAiStubServer.defaultReply(request);
            }
            var ticket = TICKET.matcher(OpenAiStubServer.userMessage(request));
            boolean planned = ticket.find() && seqOf(runId, ticket.group(1)) < 12;
            return Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), planned || !plannedOnly ? 1 : 5));
        });
    }

    /**
     * The item whose dialogue holds the ticket, found by the generator's answer: a dialogue is stored with the
     * judge's decision, after the judge's call, while the generator's call and its answer are recorded before it.
     */
    private int seqOf(String runId, String ticket) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT m.seq FROM model_calls m JOIN response_cache r ON r.request_hash = "
                        + "m.prompt_hash WHERE m.run_id = ? AND m.role = 'generator' AND r.answer LIKE ?")) {
            ps.setString(1, runId);
            ps.setString(2, "%ticket " + ticket + ")%");
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : Integer.MAX_VALUE;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rejected_dialogues_get_new_attempts_in_their_own_cell_until_it_is_full() throws Exception {
        RunRecord run = create("adaptive-refill", 97011, 0.5);
        rejectWeakCell(run.id(), true);

        RunOutcome outcome = engine.execute(run.id(), p -> {
        });

        assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
        RunReport report = reporter.report(run.id());
        // Both planned dialogues of the weak cell were rejected; each got one top-up, which passed.
        assertThat(report.counts()).containsEntry("planned", 12).containsEntry("topUps", 2).containsEntry("generated", 14)
                .containsEntry("rejectedByJudge", 2).containsEntry("accepted", 12).containsEntry("unfinished", 0);
        assertThat(rows(report)).containsEntry(WEAK_CELL, List.of(2, 4, 2, 0));
        assertThat(rows(report)).allSatisfy((cell, row) -> {
            if (!cell.equals(WEAK_CELL)) {
                assertThat(row).as(cell).isEqualTo(List.of(2, 2, 2, 0));
            }
        });
        assertThat(report.coverage()).containsEntry("cellsShort", 0).containsEntry("topUps", 2).containsEntry("extraBudget", 6);
        assertThat(topUpCells(run.id())).containsOnly(WEAK_CELL).hasSize(2);
        assertThat(engine.progress(run.id(), run.planned()).planned()).as("progress counts the top-ups").isEqualTo(14);
        assertThat(given().when().get("/api/runs/{id}/dialogues", run.id()).then().statusCode(200).extract().jsonPath()
                .getInt("total")).as("the dialogue list counts the top-ups").isEqualTo(14);
    }

    @Test
    void stops_adding_attempts_when_the_extra_budget_is_spent() throws Exception {
        // 0.25 × 12 = 3 extra attempts in all.
        RunRecord run = create("adaptive-budget", 97012, 0.25);
        rejectWeakCell(run.id(), false);

        engine.execute(run.id(), p -> {
        });

        RunReport report = reporter.report(run.id());
        assertThat(report.counts()).containsEntry("topUps", 3).containsEntry("accepted", 10).containsEntry("rejectedByJudge", 5);
        // planned 2, attempts 2 + 3, accepted 0, short by 2
        assertThat(rows(report)).containsEntry(WEAK_CELL, List.of(2, 5, 0, 2));
        assertThat(report.coverage()).containsEntry("cellsShort", 1).containsEntry("topUps", 3).containsEntry("extraBudget", 3);
        assertThat(topUpCells(run.id())).containsOnly(WEAK_CELL).hasSize(3);
        var mood = report.acceptanceByValue().get("persona").get("student");
        assertThat(mood).containsEntry("planned", 6).containsEntry("attempts", 9).containsEntry("accepted", 4)
                .containsEntry("rate", 0.444);
    }

    @Test
    void resume_after_a_crash_adds_no_top_up_twice() throws Exception {
        RunRecord run = create("adaptive-resume", 97013, 0.5);
        rejectWeakCell(run.id(), true);
        engine.execute(run.id(), p -> {
        });
        int calls = stub.requests().size();
        assertThat(queue.countByState(run.id())).containsEntry(ItemState.ACCEPTED, 12).containsEntry(ItemState.REJECTED, 2);
        // A crash as the store would show it: the rejections and their top-ups were committed together,
        // and the top-ups were being written under a worker that died (its lease ran out).
        sql("UPDATE items SET state = 'GENERATING', dialogue = NULL, lease_owner = 'dead-worker', lease_expires = 1 "
                + "WHERE run_id = ? AND seq >= 12 AND state = 'ACCEPTED'", run.id());
        assertThat(queue.unfinishedCount(run.id())).isEqualTo(2);
        sql("UPDATE runs SET status = 'RUNNING' WHERE id = ?", run.id());

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        RunReport report = reporter.report(run.id());
        assertThat(report.counts()).containsEntry("topUps", 2).containsEntry("accepted", 12);
        assertThat(topUpCells(run.id())).hasSize(2);
        assertThat(stub.requests()).as("the redone steps were answered from the cache").hasSize(calls);
    }

    /** Coverage rows by cell: planned, attempts, accepted, short-by. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Integer>> rows(RunReport report) {
        var rows = new java.util.TreeMap<String, List<Integer>>();
        for (Map<String, Object> row : (List<Map<String, Object>>) report.coverage().get("table")) {
            rows.put((String) row.get("cell"), List.of((Integer) row.get("planned"), (Integer) row.get("attempts"),
                    (Integer) row.get("accepted"), (Integer) row.get("shortBy")));
        }
        return rows;
    }

    /** Cells of the items added after the plan. */
    private List<String> topUpCells(String runId) throws SQLException {
        var cells = new java.util.ArrayList<String>();
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT cell_key FROM items WHERE run_id = ? AND top_up_of IS NOT NULL ORDER BY seq")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    cells.add(rs.getString(1));
                }
            }
        }
        return cells;
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
