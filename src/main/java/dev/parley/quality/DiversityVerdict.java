package dev.parley.quality;

import java.util.List;
import java.util.Optional;

/**
 * What the warn and pause gates say about a snapshot.
 *
 * @param tripped the gates past their limits, in the order they were configured
 */
public record DiversityVerdict(List<TrippedGate> tripped) {

    public DiversityVerdict {
        tripped = List.copyOf(tripped);
    }

    /** The strongest action among the tripped gates ({@code PAUSE} over {@code WARN}); empty when none tripped. */
    public Optional<DiversityGate.Action> action() {
        return tripped.stream().map(t -> t.gate().action()).max(Enum::compareTo);
    }

    /** Whether the run should pause. */
    public boolean pause() {
        return action().filter(a -> a == DiversityGate.Action.PAUSE).isPresent();
    }
}
