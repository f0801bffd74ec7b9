-- Adaptive sampling: a rejected dialogue may get a new attempt for the same plan cell (a top-up item,
-- numbered after the planned ones). runs.top_ups counts them against the run's extra budget; the
-- conditional increment that takes one is in the same transaction as the rejection, so two workers
-- can never spend the same unit of budget, and top_up_of names the rejected item it replaces.
ALTER TABLE runs ADD COLUMN top_ups INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE items ADD COLUMN top_up_of INTEGER;
CREATE UNIQUE INDEX items_top_up_of ON items (run_id, top_up_of);

-- Dimension values a model wrote when the run was created (a topic tree, a persona list), kept for
-- review; the values themselves are in the run's stored recipe.
CREATE TABLE run_expansions (
    run_id     VARCHAR(36)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    dimension  VARCHAR(100) NOT NULL,
    expansion  TEXT         NOT NULL,
    tree       TEXT         NOT NULL,
    PRIMARY KEY (run_id, dimension)
);
