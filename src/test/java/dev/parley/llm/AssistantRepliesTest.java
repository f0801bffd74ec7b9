package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;

/** How a chat answer is kept in the response cache and read back, tool calls and reasoning included. */
class AssistantRepliesTest {

    private static final ToolExecutionRequest CALL = ToolExecutionRequest.builder().id("call_7").name("lookup_order")
            .arguments("{\"order_id\":\"A-12\"}").build();

    @Test
    void a_plain_answer_is_stored_as_its_text_as_before() {
        assertThat(AssistantReplies.stored(AiMessage.from("It shipped."))).isEqualTo("It shipped.");
        assertThat(AssistantReplies.parse("  It shipped.\n").text()).isEqualTo("It shipped.");
    }

    @Test
    void tool_calls_and_reasoning_come_back_as_they_were_answered() {
        AiMessage answered = AiMessage.builder().thinking("Look it up first.").toolExecutionRequests(List.of(CALL)).build();

        AiMessage back = AssistantReplies.parse(AssistantReplies.stored(answered));

        assertThat(back.text()).isNull();
        assertThat(back.thinking()).isEqualTo("Look it up first.");
        assertThat(back.toolExecutionRequests()).containsExactly(CALL);

        AiMessage reasoned = AssistantReplies.parse(AssistantReplies.stored(
                AiMessage.builder().text("It shipped.").thinking("The tool said so.").build()));
        assertThat(reasoned.text()).isEqualTo("It shipped.");
        assertThat(reasoned.thinking()).isEqualTo("The tool said so.");
        assertThat(reasoned.hasToolExecutionRequests()).isFalse();
    }

    @Test
    void an_answer_that_only_looks_like_json_stays_text() {
        String json = "{\"order\": \"A-12\", \"" + AssistantReplies.KEY + "\": 1}";
        assertThat(AssistantReplies.parse(json).text()).isEqualTo(json);
        assertThat(AssistantReplies.parse("{\"" + AssistantReplies.KEY + "\": [oops").text()).startsWith("{");
    }

    @Test
    void an_empty_answer_or_a_nameless_call_is_malformed() {
        assertThatThrownBy(() -> AssistantReplies.parse(" ")).hasMessage("the answer is empty");
        assertThatThrownBy(() -> AssistantReplies.parse("{\"" + AssistantReplies.KEY + "\":{\"toolCalls\":[]}}"))
                .hasMessage("the answer is empty");
        assertThatThrownBy(() -> AssistantReplies.parse("{\"" + AssistantReplies.KEY
                + "\":{\"toolCalls\":[{\"id\":\"c\",\"name\":\"\"}]}}")).hasMessage("a tool call has no function name");
    }
}
