package dev.parley.run;

import dev.parley.store.BatchLedger;
import dev.parley.store.CallLedger;
import dev.parley.store.DiversitySnapshots;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.RunRepository;

/**
 * The repositories an execution works with, handed on as one: the run, the item queue it claims from
 * and moves items through, the items it reads, their versions and reviews, the call ledger and the
 * diversity snapshots, the candidates sampled for preference pairs, and the batches sent through a provider's
 * batch API.
 */
record EngineStores(RunRepository runs, ItemQueue queue, ItemRepository items, ItemHistory history, CallLedger ledger,
        DiversitySnapshots snapshots, PreferenceCandidates candidates, BatchLedger batches) {
}
