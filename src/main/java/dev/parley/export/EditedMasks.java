package dev.parley.export;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.parley.dialogue.Turn;

/**
 * The judge's masks carried over a person's edit. The judge masked turns of the dialogue it judged; after an
 * edit a masked turn may have moved (turns inserted or removed before it) or been rewritten. A person's text is
 * a person's decision, so a mask follows its turn only while the turn is unchanged: the judged and the edited
 * dialogue are aligned on their longest common run of turns that say the same (role and text, not the reasoning),
 * a masked turn in that alignment is masked at its new position, and a masked turn the person rewrote or removed
 * masks nothing.
 */
final class EditedMasks {

    private EditedMasks() {
    }

    /**
     * @param judged the dialogue the judge's verdict is about
     * @param now    the dialogue as a person left it
     * @param masked 1-based message positions the judge masked in {@code judged}
     * @return the 1-based positions in {@code now} of the masked turns that are unchanged
     */
    static Set<Integer> carry(List<Turn> judged, List<Turn> now, Set<Integer> masked) {
        int n = judged.size();
        int m = now.size();
        // Longest common subsequence table over whole turns, filled from the ends.
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = same(judged.get(i), now.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        Set<Integer> carried = new TreeSet<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (same(judged.get(i), now.get(j))) {
                if (masked.contains(i + 1) && now.get(j).isAssistant()) {
                    carried.add(j + 1);
                }
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return carried;
    }

    /**
     * Whether two turns say the same: role, text, tool calls and the call a result answers. The reasoning is
     * not what a turn says, and an edit (which carries text only) may drop it.
     */
    private static boolean same(Turn a, Turn b) {
        return a.role().equals(b.role()) && a.content().equals(b.content()) && a.toolCalls().equals(b.toolCalls())
                && java.util.Objects.equals(a.toolCallId(), b.toolCallId());
    }
}
