-- Check-ins are an append-only history: a row, once written, is never changed.
-- (Rows still go when their key result is deleted, through ON DELETE CASCADE.)
CREATE FUNCTION check_ins_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'check_ins is append-only: a check-in cannot be changed' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER check_ins_append_only BEFORE UPDATE ON check_ins
  FOR EACH ROW EXECUTE FUNCTION check_ins_refuse_update();
