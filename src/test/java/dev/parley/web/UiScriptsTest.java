package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The UI's own helpers, run in the browser as the pages run them: where a recipe field is written,
 * how the dialogue count is set in the YAML, and the word diff between two versions of a turn.
 */
@QuarkusTest
class UiScriptsTest extends BrowserTest {

    private static final String RECIPE = """
            name: helpers
            count: 30
            turns: { min: 4, max: 6 }
            judge:
              threshold: 3.5

              rubric:
                - name: helpful
                  weight: 2
            """;

    @Test
    void finds_the_line_of_a_field_path_by_indentation() {
        assertThat(call("new-run.js", "lineOf", RECIPE, "judge.rubric[0].weight")).isEqualTo(9L);
        assertThat(call("new-run.js", "lineOf", RECIPE, "judge.threshold")).isEqualTo(5L);
        assertThat(call("new-run.js", "lineOf", RECIPE, "turns.min")).as("inside a flow mapping: the mapping's line")
                .isEqualTo(3L);
        assertThat(call("new-run.js", "lineOf", RECIPE, "judge.panel")).as("missing child: the parent's line")
                .isEqualTo(4L);
        assertThat(call("new-run.js", "lineOf", RECIPE, "colours")).isNull();
    }

    @Test
    void sets_the_top_level_count_in_the_yaml() {
        assertThat(call("new-run.js", "withCount", RECIPE, 6)).isEqualTo(RECIPE.replace("count: 30", "count: 6"));
        assertThat(call("new-run.js", "withCount", "name: x\nseed: 1\n", 6)).isEqualTo("name: x\ncount: 6\nseed: 1\n");
    }

    @Test
    void waits_longer_between_reports_of_a_run_whose_report_takes_long() {
        assertThat(call("dashboard.js", "reportGap", 40)).as("a small run: every two seconds").isEqualTo(2000L);
        assertThat(call("dashboard.js", "reportGap", 500)).isEqualTo(2000L);
        assertThat(call("dashboard.js", "reportGap", 1700)).as("a 20,000-item run's report").isEqualTo(6800L);
    }

    @Test
    void diffs_two_versions_of_a_turn_word_by_word() {
        assertThat(diff("Your order ships today.", "Your order ships on Monday.")).isEqualTo("Your order ships [-today.-] {+on Monday.+}");
        assertThat(diff("Sorry, no.", "Sorry, no.")).isEqualTo("Sorry, no.");
        assertThat(diff("<b>x</b> stays", "<i>y</i> stays")).isEqualTo("[-<b>x</b> -]{+<i>y</i> +}stays");
    }

    /** Imports the module in the page and calls one of its exports with the arguments. */
    private Object call(String module, String function, Object... args) {
        browser.open("#/");
        browser.visible("h1");
        return ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const [module, fn, ...args] = [...arguments].slice(0, -1);
                import('./js/' + module).then((m) => done(m[fn](...args)), (e) => done('failed: ' + e));
                """, concat(module, function, args));
    }

    /** The diff as text: removed words in [- -], added ones in {+ +}. */
    private Object diff(String before, String after) {
        browser.open("#/");
        browser.visible("h1");
        return ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('./js/chat.js').then((m) => done(m.wordDiff(arguments[0], arguments[1]).map((part) =>
                    typeof part === 'string' ? part
                        : part.tagName === 'DEL' ? '[-' + part.textContent + '-]' : '{+' + part.textContent + '+}').join('')),
                    (e) => done('failed: ' + e));
                """, before, after);
    }

    private static Object[] concat(String module, String function, Object[] args) {
        Object[] all = new Object[args.length + 2];
        all[0] = module;
        all[1] = function;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
