package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/** Semantic dedup: cosine by hand, the index, and the in-process embedding model on paraphrases. */
class SemanticDuplicateTest {

    static Dialogue d(String... messages) {
        var turns = new java.util.ArrayList<Turn>();
        for (int i = 0; i < messages.length; i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, messages[i]));
        }
        return new Dialogue(turns);
    }

    static final List<Dialogue[]> PARAPHRASES = List.of(
            new Dialogue[] {
                d("My parcel has not arrived yet, it was due on Monday.", "I am sorry to hear that. Could you give me the order number so I can check where it is?",
                        "Sure, it is 44821.", "Thanks. The parcel is at the local depot and will be delivered tomorrow morning."),
                d("The package I ordered still hasn't come, it should have been here Monday.", "Sorry about that! Can you tell me your order number so I can look up its location?",
                        "Of course: 44821.", "Thank you. Your package is waiting at the nearby depot and goes out for delivery tomorrow morning.")},
            new Dialogue[] {
                d("How do I reset my password?", "Open the login page, click Forgot password and follow the link we email you.",
                        "The email never came.", "Please check your spam folder; if it is not there, I can send the link again."),
                d("I forgot my password, how can I change it?", "On the sign-in screen choose Forgot password, then use the link sent to your e-mail.",
                        "I did not get any e-mail.", "Have a look in the junk folder; if you cannot find it, I will resend the link.")},
            new Dialogue[] {
                d("Can I return shoes that do not fit?", "Yes, you can return them within 30 days if they are unworn and in the original box.",
                        "Do I pay for the shipping?", "No, returns are free: print the label from your account page."),
                d("The shoes I bought are the wrong size, may I send them back?", "Certainly, unworn shoes in their original box can be returned within thirty days.",
                        "Is return postage on me?", "Not at all, returning is free of charge; you can print the return label in your account.")});

    static final List<Dialogue> UNRELATED = List.of(
            d("What time does the store open on Sunday?", "On Sundays we open at 10 am and close at 4 pm."),
            d("Can I pay with a credit card in instalments?", "Yes, orders over 100 dollars can be paid in 3 or 6 monthly instalments."),
            d("Is this jacket waterproof?", "It is water resistant, fine for light rain, but not fully waterproof."),
            d("My parcel has not arrived yet, it was due on Monday.", "Monday deliveries were delayed by the storm; it should arrive by Thursday."));

    @Test
    void cosine_is_worked_out_by_hand() {
        // (1, 0, 0)·(1, 1, 0) = 1; lengths 1 and √2: cos 1/√2. (3, 4)·(4, 3) = 24 over 5·5: 0.96.
        assertThat(SemanticDuplicateIndex.cosine(new float[] {1, 0, 0}, new float[] {1, 1, 0}))
                .isCloseTo(1 / Math.sqrt(2), within(1e-9));
        assertThat(SemanticDuplicateIndex.cosine(new float[] {3, 4}, new float[] {4, 3})).isCloseTo(0.96, within(1e-9));
        assertThat(SemanticDuplicateIndex.cosine(new float[] {0, 0}, new float[] {4, 3})).isZero();
    }

    @Test
    void rejects_at_or_above_the_threshold_naming_the_closest_and_keeps_the_rest() {
        var index = new SemanticDuplicateIndex(0.96);
        assertThat(index.check("0", new float[] {3, 4}, "")).isEmpty();
        assertThat(index.check("1", new float[] {1, 0}, "")).as("cos 0.6 to dialogue 0").isEmpty();

        // (4, 3): cos 0.96 to dialogue 0 (at the threshold), 0.8 to dialogue 1.
        assertThat(index.check("2", new float[] {4, 3}, "")).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("semantic-duplicate");
            assertThat(r.reason()).isEqualTo("says the same as dialogue 0 (cosine similarity 0.960 ≥ 0.96)");
        });
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.remove("0")).isTrue();
        assertThat(index.check("2", new float[] {4, 3}, "")).as("dialogue 0 was forgotten").isEmpty();
        assertThat(index.embedding("2")).hasValueSatisfying(v -> assertThat(v).containsExactly(0.8f, 0.6f));
    }

    @Test
    void with_a_word_overlap_bar_a_close_embedding_is_a_duplicate_only_when_the_words_overlap_too() {
        // given the same embedding for every text, a cosine bar of 0.9 and a word-overlap bar of 0.5
        var index = new SemanticDuplicateIndex(0.9, 0.5);
        assertThat(index.check("0", new float[] {1, 0}, "my parcel is late")).isEmpty();

        // {my, order, was, charged, twice} shares 1 word of 8 with dialogue 0: kept
        assertThat(index.check("1", new float[] {1, 0}, "my order was charged twice")).isEmpty();
        // {the, parcel, is, late}: 3 of 5 with dialogue 0, 0 with dialogue 1
        assertThat(index.check("2", new float[] {1, 0}, "The parcel is late!")).hasValueSatisfying(r -> assertThat(
                r.reason()).isEqualTo("says the same as dialogue 0"
                        + " (cosine similarity 1.000 ≥ 0.90, word overlap ≥ 0.50)"));
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void earlier_data_is_named_as_it_was_held() {
        var index = new SemanticDuplicateIndex(0.9);
        index.addIfNovel(DuplicateIds.ofReference(7), new float[] {1, 0}, "");

        assertThat(index.check("3", new float[] {1, 0}, "")).hasValueSatisfying(r -> assertThat(r.reason())
                .isEqualTo("says the same as reference line 7 (cosine similarity 1.000 ≥ 0.90)"));
    }

    /**
     * Hand-written paraphrases of whole dialogues — every message reworded, so they share almost no
     * three-word shingle — and unrelated dialogues from the same shop, one of them opening with the
     * same first message. all-MiniLM-L6-v2 scores the paraphrase pairs 0.82–0.89 and the unrelated
     * ones at most 0.54, so 0.8 separates them.
     */
    @Test
    void catches_paraphrases_that_minhash_misses_and_keeps_unrelated_dialogues() {
        var embedder = SentenceEmbedder.load();
        var near = new NearDuplicateIndex(0.7);
        var semantic = new SemanticDuplicateIndex(0.8);
        int id = 0;
        for (Dialogue[] pair : PARAPHRASES) {
            near.addIfNovel(Integer.toString(id), pair[0].text());
            assertThat(semantic.check(Integer.toString(id), embedder.embed(pair[0].text()), pair[0].text())).isEmpty();
            id++;
        }
        for (Dialogue u : UNRELATED) {
            assertThat(semantic.check(Integer.toString(id++), embedder.embed(u.text()), u.text()))
                    .as(u.turns().getFirst().content())
                    .isEmpty();
        }
        for (int p = 0; p < PARAPHRASES.size(); p++) {
            String paraphrase = PARAPHRASES.get(p)[1].text();
            assertThat(near.find(paraphrase)).as("MinHash misses paraphrase %d", p).isEmpty();
            int original = p;
            assertThat(semantic.check("p" + p, embedder.embed(paraphrase), paraphrase))
                    .hasValueSatisfying(r -> assertThat(r.reason())
                    .startsWith("says the same as dialogue " + original + " (cosine similarity 0.8"));
        }
        assertThat(semantic.size()).isEqualTo(PARAPHRASES.size() + UNRELATED.size());
    }

    @Test
    void embeddings_are_unit_length_and_the_same_for_the_same_text() {
        var embedder = SentenceEmbedder.load();
        float[] a = embedder.embed("Where is my parcel?");
        double norm = 0;
        for (float x : a) {
            norm += x * x;
        }
        assertThat(a).hasSize(384).containsExactly(embedder.embed("Where is my parcel?"));
        assertThat(norm).isCloseTo(1, within(1e-5));
    }
}
