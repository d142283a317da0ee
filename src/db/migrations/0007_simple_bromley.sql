ALTER TABLE "key_results" ADD COLUMN "sums_n" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_x" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_y" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_xx" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_xy" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_yy" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_above" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_below" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_start" double precision;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_target" double precision;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "sums_through" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "forecast_key" text;--> statement-breakpoint
-- The daily re-evaluation rewrites most key results (expected progress moves every day): with half
-- of each page free, the new version of a row fits on its own page (a HOT update, no index writes).
ALTER TABLE "key_results" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "objectives" SET (fillfactor = 70);--> statement-breakpoint
-- Backfill the running check-in sums (see schema.ts): check-ins from the cycle's first instant (in
-- the organisation's time zone) up to the key result's last check-in.
UPDATE "key_results" AS k SET
  "sums_n" = s.n, "sums_x" = s.sx, "sums_y" = s.sy, "sums_xx" = s.sxx, "sums_xy" = s.sxy, "sums_yy" = s.syy,
  "sums_above" = s.above, "sums_below" = s.below,
  "sums_from" = s.start_at, "sums_start" = k.start_value, "sums_target" = k.target_value,
  "sums_through" = k.last_check_in_at
FROM (
  SELECT k2.id, st.start_at,
         count(p.x)::int AS n, coalesce(sum(p.x), 0)::float8 AS sx, coalesce(sum(p.y), 0)::float8 AS sy,
         coalesce(sum(p.x * p.x), 0)::float8 AS sxx, coalesce(sum(p.x * p.y), 0)::float8 AS sxy,
         coalesce(sum(p.y * p.y), 0)::float8 AS syy,
         (count(*) FILTER (WHERE p.v >= k2.target_value))::int AS above,
         (count(*) FILTER (WHERE p.v <= k2.target_value))::int AS below
  FROM "key_results" k2
  JOIN "objectives" o ON o.id = k2.objective_id
  JOIN "cycles" c ON c.id = o.cycle_id
  CROSS JOIN LATERAL (
    SELECT (c.start_date::timestamp AT TIME ZONE coalesce((SELECT time_zone FROM "org_settings" WHERE id = 1), 'UTC')) AS start_at
  ) st
  LEFT JOIN LATERAL (
    SELECT extract(epoch FROM ci.created_at - st.start_at)::float8 / 86400 AS x,
           ci.new_value - k2.start_value AS y, ci.new_value AS v
    FROM "check_ins" ci
    WHERE ci.key_result_id = k2.id AND ci.created_at >= st.start_at AND ci.created_at <= k2.last_check_in_at
  ) p ON true
  GROUP BY k2.id, st.start_at, k2.target_value
) s
WHERE k.id = s.id;
