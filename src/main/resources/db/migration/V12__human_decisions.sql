-- A person's decisions on a dialogue (accept, reject, edit), each undoable: a human review row records the
-- action, who and when, and what the item was before (state, gate, reason, dialogue), which an undo restores.
ALTER TABLE reviews ADD COLUMN action VARCHAR(10);
ALTER TABLE reviews ADD COLUMN prior_state VARCHAR(20);
ALTER TABLE reviews ADD COLUMN prior_gate VARCHAR(50);
ALTER TABLE reviews ADD COLUMN prior_reason TEXT;
ALTER TABLE reviews ADD COLUMN prior_dialogue TEXT;
ALTER TABLE reviews ADD COLUMN undone_by VARCHAR(200);
ALTER TABLE reviews ADD COLUMN undone_at TIMESTAMP;
CREATE INDEX reviews_by_item ON reviews (run_id, seq);

-- Who wrote a version: null for the models, a person's name for an edit.
ALTER TABLE item_versions ADD COLUMN author VARCHAR(200);
