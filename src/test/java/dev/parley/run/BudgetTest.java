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
        return price(input, output, OptionalDouble.empty(), OptionalDouble.empty());
    }

    private static ParleyConfig.Price price(double input, double output, OptionalDouble batchInput,
            OptionalDouble batchOutput) {
        return new ParleyConfig.Price() {
            @Override
            public OptionalDouble batchInput() {
                return batchInput;
            }

            @Override
            public OptionalDouble batchOutput() {
                return batchOutput;
            }

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
    private static final PriceTable WITH_BATCH = new PriceTable(Map.of("gpt-4o-mini", price(0.15, 0.60,
            OptionalDouble.of(0.075), OptionalDouble.of(0.30)), "gpt-4o", price(2.50, 10.00)));

    @Test
    void prices_batch_calls_at_batch_prices_and_at_direct_ones_where_none_are_set() {
        assertThat(WITH_BATCH.cost("gpt-4o-mini", 1_000_000, 1_000_000, true)).isCloseTo(0.375, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(WITH_BATCH.cost("gpt-4o-mini" + PriceTable.BATCH_SUFFIX, 1_000_000, 1_000_000)).isCloseTo(0.375,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(WITH_BATCH.cost("gpt-4o", 1_000_000, 0, true)).isEqualTo(2.50);
        Map<String, long[]> tokens = Map.of("gpt-4o-mini" + PriceTable.BATCH_SUFFIX, new long[] {1_000_000, 1_000_000},
                "gpt-4o-mini", new long[] {1_000_000, 0});
        assertThat(WITH_BATCH.cost(tokens)).isCloseTo(0.525, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(WITH_BATCH.directCost(tokens)).isCloseTo(0.90, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(WITH_BATCH.knows("gpt-4o-mini" + PriceTable.BATCH_SUFFIX)).isTrue();
    }

    @Test
    void refuses_a_batch_whose_projected_cost_would_cross_the_cap_and_admits_a_smaller_one() {
        var budget = new Budget(new RunOptions(true, false, OptionalLong.empty(), OptionalDouble.of(0.10)), WITH_BATCH);
        budget.charge(new ModelCall(ModelRole.GENERATOR, "gpt-4o-mini", "h", 100_000, 100_000, 10, ModelCall.OK, "", true));
        var endpoint = new dev.parley.llm.ModelEndpoint(ModelRole.GENERATOR, java.util.Optional.of("http://x/v1"),
                java.util.Optional.empty(), "gpt-4o-mini", 0.9, true);
        // Spent: 0.1 M × 0.075 + 0.1 M × 0.30 = $0.0375 at batch prices.
        assertThat(budget.cost()).isCloseTo(0.0375, org.assertj.core.data.Offset.offset(1e-12));

        budget.admit(endpoint, 10, 100_000, 100_000);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> budget.admit(endpoint, 200, 200_000, 200_000))
                .isInstanceOf(ModelCallException.class)
                .satisfies(e -> assertThat(((ModelCallException) e).kind()).isEqualTo(ModelCallException.Kind.BUDGET))
                .hasMessageContaining("a batch of 200 gpt-4o-mini requests (~$0.0750 at batch prices)")
                .hasMessageContaining("not submitted");
    }

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
