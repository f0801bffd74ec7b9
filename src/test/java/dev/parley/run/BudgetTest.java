package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.parley.config.ParleyConfig;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PriceTable;
import dev.parley.store.RunOptions;

class BudgetTest {

    private static ParleyConfig.Price price(double input, double output) {
        return new ParleyConfig.Price() {
            @Override
            public double input() {
                return input;
            }

            @Override
            public double output() {
                return output;
            }
        };
    }

    private static final PriceTable PRICES = new PriceTable(Map.of("gpt-4o-mini", price(0.15, 0.60)));

    private static ModelCall call(String model, long in, long out) {
        return new ModelCall(ModelRole.GENERATOR, model, "h", in, out, 10, ModelCall.OK, "");
    }

    @Test
    void prices_tokens_per_million_and_unknown_models_at_zero() {
        assertThat(PRICES.cost("gpt-4o-mini", 1_000_000, 0)).isEqualTo(0.15);
        assertThat(PRICES.cost("gpt-4o-mini", 2_000, 1_000)).isCloseTo(0.0009, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PRICES.cost("local-llama", 5_000_000, 5_000_000)).isZero();
    }

    @Test
    void a_token_cap_stops_new_calls_once_reached() {
        var budget = new Budget(new RunOptions(true, false, OptionalLong.of(1_000), OptionalDouble.empty()), PRICES);
        budget.charge(call("gpt-4o-mini", 600, 399));
        assertThatCode(budget::check).doesNotThrowAnyException();

        budget.charge(call("gpt-4o-mini", 1, 0));

        assertThatThrownBy(budget::check).isInstanceOfSatisfying(ModelCallException.class,
                e -> assertThat(e.kind()).isEqualTo(ModelCallException.Kind.BUDGET))
                .hasMessage("token budget reached: 1,000 of 1,000 tokens spent");
    }

    @Test
    void a_token_cap_smaller_than_one_call_says_so_instead_of_claiming_the_overshoot() {
        var budget = new Budget(new RunOptions(true, false, OptionalLong.of(1), OptionalDouble.empty()), PRICES);
        assertThatCode(budget::check).as("no call yet: nothing to refuse on").doesNotThrowAnyException();

        budget.charge(call("gpt-4o-mini", 250, 50));
        budget.charge(call("gpt-4o-mini", 280, 70));

        assertThatThrownBy(budget::check).hasMessage("token budget reached: the budget of 1 tokens is smaller than one"
                + " call (~300 tokens); the 650 tokens spent are the calls already under way when it was reached");
    }

    @Test
    void a_token_cap_passed_by_calls_in_flight_says_they_finished_past_it() {
        var budget = new Budget(new RunOptions(true, false, OptionalLong.of(1_000), OptionalDouble.empty()), PRICES);
        budget.charge(call("gpt-4o-mini", 500, 100));
        budget.charge(call("gpt-4o-mini", 500, 100));

        assertThatThrownBy(budget::check).hasMessage("token budget reached: 1,200 tokens spent against a budget of"
                + " 1,000; the calls already under way when it was reached finished past it");
    }

    @Test
    void a_cost_cap_counts_dollars_from_the_price_table() {
        var budget = new Budget(new RunOptions(true, false, OptionalLong.empty(), OptionalDouble.of(0.01)), PRICES);
        budget.charge(call("local-llama", 1_000_000, 1_000_000));
        assertThatCode(budget::check).doesNotThrowAnyException();

        budget.charge(call("gpt-4o-mini", 20_000, 12_000));

        assertThat(budget.cost()).isCloseTo(0.0102, org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(budget::check).hasMessage("cost budget reached: $0.0102 of $0.0100 spent");
    }

    @Test
    void a_resumed_run_starts_from_what_was_spent() {
        var budget = new Budget(new RunOptions(true, false, OptionalLong.of(10_000), OptionalDouble.empty()), PRICES);
        budget.reset(Map.of("gpt-4o-mini", new long[] {6_000, 4_000}));

        assertThat(budget.tokens()).isEqualTo(10_000);
        assertThat(budget.cost()).isCloseTo(0.0033, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(budget::check).hasMessageContaining("10,000 of 10,000");
    }

    @Test
    void without_caps_nothing_stops() {
        var budget = new Budget(RunOptions.DEFAULTS, PRICES);
        budget.charge(call("gpt-4o-mini", 100_000_000, 100_000_000));
        assertThatCode(budget::check).doesNotThrowAnyException();
    }
}
