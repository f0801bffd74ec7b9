package dev.parley.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.quality.DiversityGate.Action;
import dev.parley.quality.DiversityGate.Direction;
import dev.parley.quality.DiversitySnapshot.Scope;

/**
 * Applies a recipe's diversity gates.
 *
 * <p>Warn and pause gates judge a {@link DiversitySnapshot} ({@link #evaluate}): call it after each
 * accepted dialogue (or every few), and warn or pause as {@link DiversityVerdict#action()} says.
 * Reject gates judge one dialogue before it is accepted ({@link #check}): a dialogue is turned away
 * when its own contribution would push the measure past the limit, so an over-used opening stops
 * growing while other dialogues still get in. A gate is silent while its scope holds fewer than
 * {@code minDialogues} dialogues or its measure is undefined.
 *
 * <p>Immutable and thread-safe. Two dialogues checked at the same moment both see the meter as it
 * was, so a reject gate can overshoot its limit by the number of dialogues in flight.
 */
public final class DiversityGateEvaluator {

    private final List<DiversityGate> gates;

    public DiversityGateEvaluator(List<DiversityGate> gates) {
        this.gates = List.copyOf(gates);
    }

    public List<DiversityGate> gates() {
        return gates;
    }

    /** The warn and pause gates that the snapshot trips; reject gates are left to {@link #check}. */
    public DiversityVerdict evaluate(DiversitySnapshot snapshot) {
        var tripped = new ArrayList<TrippedGate>();
        for (DiversityGate gate : gates) {
            if (gate.action() == Action.REJECT) {
                continue;
            }
            DiversityMeasures measures = snapshot.measures(gate.scope());
            double value = measures.value(gate.measure());
            if (measures.dialogues() >= gate.minDialogues() && !Double.isNaN(value)
                    && gate.direction().isPast(value, gate.limit())) {
                tripped.add(new TrippedGate(gate, value, gate.reason(value, measures.dialogues())));
            }
        }
        return new DiversityVerdict(tripped);
    }

    /**
     * The reject gates on one dialogue, before it is accepted: the first gate whose measure the
     * dialogue would push past the limit, as a {@link Rejection} named {@link DiversityGate#name()}.
     */
    public Optional<Rejection> check(Dialogue dialogue, DiversityMeter meter) {
        for (DiversityGate gate : gates) {
            if (gate.action() != Action.REJECT || meter.dialogues(gate.scope()) < gate.minDialogues()) {
                continue;
            }
            double value = meter.valueIfAdded(gate.measure(), gate.scope(), dialogue);
            if (!Double.isNaN(value) && gate.direction().isPast(value, gate.limit())) {
                String role = gate.measure() == DiversityMeasure.USER_OPENING_SHARE ? Turn.USER : Turn.ASSISTANT;
                return Optional.of(new Rejection(gate.name(), String.format(Locale.ROOT,
                        "its opening \"%s\" would make %.3f of the first %s messages over %s, %s the limit %.3f",
                        DiversityMeter.opening(dialogue, role), value, role,
                        gate.scope() == Scope.WINDOW ? "the window" : "all accepted dialogues",
                        gate.direction() == Direction.AT_LEAST ? "below" : "above", gate.limit())));
            }
        }
        return Optional.empty();
    }
}
