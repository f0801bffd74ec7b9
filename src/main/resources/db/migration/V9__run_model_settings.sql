-- The models and sampling parameters per role a run used (JSON, see dev.parley.run.RunModels),
-- written when the run is created. Runs created before this column have none.
ALTER TABLE runs ADD COLUMN model_settings TEXT;
