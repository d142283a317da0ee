CREATE TABLE "key_result_check_in_weeks" (
	"key_result_id" uuid PRIMARY KEY NOT NULL,
	"weeks" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "key_result_check_in_weeks" ADD CONSTRAINT "key_result_check_in_weeks_key_result_id_key_results_id_fk" FOREIGN KEY ("key_result_id") REFERENCES "public"."key_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- key_result_check_in_weeks (see schema.ts): bit (w − 1) set when a key result has a check-in in
-- cycle week w (1…62), local dates in the organisation's time zone, within the cycle's dates.
-- Computes the bits again from check_ins, for one cycle's key results (or every key result).
CREATE FUNCTION check_in_weeks_recompute(p_cycle_id uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM key_result_check_in_weeks w USING key_results k, objectives o
   WHERE k.id = w.key_result_id AND o.id = k.objective_id AND (p_cycle_id IS NULL OR o.cycle_id = p_cycle_id);
  INSERT INTO key_result_check_in_weeks (key_result_id, weeks)
  SELECT ci.key_result_id, bit_or(1::bigint << ((d.local_day - c.start_date) / 7))
  FROM check_ins ci
  JOIN key_results k ON k.id = ci.key_result_id
  JOIN objectives o ON o.id = k.objective_id
  JOIN cycles c ON c.id = o.cycle_id
  CROSS JOIN LATERAL (
    SELECT (ci.created_at AT TIME ZONE coalesce((SELECT s.time_zone FROM org_settings s WHERE s.id = 1), 'UTC'))::date AS local_day
  ) d
  WHERE (p_cycle_id IS NULL OR o.cycle_id = p_cycle_id)
    AND d.local_day BETWEEN c.start_date AND c.end_date AND d.local_day - c.start_date < 62 * 7
  GROUP BY ci.key_result_id;
$$;
--> statement-breakpoint
-- Every insert into check_ins sets its week's bit (one statement per inserting statement; a key
-- result's row is only rewritten on its first check-in of a week).
CREATE FUNCTION check_ins_mark_weeks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO key_result_check_in_weeks AS w (key_result_id, weeks)
  SELECT n.key_result_id, bit_or(1::bigint << ((d.local_day - c.start_date) / 7))
  FROM new_check_ins n
  JOIN key_results k ON k.id = n.key_result_id
  JOIN objectives o ON o.id = k.objective_id
  JOIN cycles c ON c.id = o.cycle_id
  CROSS JOIN LATERAL (
    SELECT (n.created_at AT TIME ZONE coalesce((SELECT s.time_zone FROM org_settings s WHERE s.id = 1), 'UTC'))::date AS local_day
  ) d
  WHERE d.local_day BETWEEN c.start_date AND c.end_date AND d.local_day - c.start_date < 62 * 7
  GROUP BY n.key_result_id
  ON CONFLICT (key_result_id) DO UPDATE SET weeks = w.weeks | EXCLUDED.weeks
    WHERE (w.weeks | EXCLUDED.weeks) <> w.weeks;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER check_ins_mark_weeks AFTER INSERT ON check_ins
  REFERENCING NEW TABLE AS new_check_ins
  FOR EACH STATEMENT EXECUTE FUNCTION check_ins_mark_weeks();
--> statement-breakpoint
CREATE FUNCTION check_in_weeks_recompute_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM check_in_weeks_recompute(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cycles_check_in_weeks AFTER UPDATE OF start_date, end_date ON cycles
  FOR EACH ROW WHEN (OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.end_date IS DISTINCT FROM NEW.end_date)
  EXECUTE FUNCTION check_in_weeks_recompute_cycle();
--> statement-breakpoint
CREATE FUNCTION check_in_weeks_recompute_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM check_in_weeks_recompute(NULL);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER org_settings_check_in_weeks_insert AFTER INSERT ON org_settings
  FOR EACH ROW EXECUTE FUNCTION check_in_weeks_recompute_all();
--> statement-breakpoint
CREATE TRIGGER org_settings_check_in_weeks_time_zone AFTER UPDATE OF time_zone ON org_settings
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION check_in_weeks_recompute_all();
--> statement-breakpoint
SELECT check_in_weeks_recompute(NULL);
