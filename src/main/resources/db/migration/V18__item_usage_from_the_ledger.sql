-- What was spent on an item is summed from model_calls when asked (CallLedger.usageOfItem): keeping it on the
-- item rewrote the item's row, dialogue and all, with every call's record. model_calls holds every attempt, so
-- nothing these columns held is lost.
ALTER TABLE items DROP COLUMN calls;
ALTER TABLE items DROP COLUMN input_tokens;
ALTER TABLE items DROP COLUMN output_tokens;
