/**
 * Cairn's one database schema (Drizzle pg-core). The same schema and the same migrations run on
 * embedded PGlite and on PostgreSQL 15+, so only SQL that both accept is used here.
 *
 * Conventions: uuid ids made by `gen_random_uuid()` (built in; pgcrypto is not available on PGlite),
 * every timestamp `timestamptz`, every foreign key with an explicit ON DELETE and an index, and the
 * rules of the data as CHECK constraints so that no code path can write a row that breaks them.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** A double precision column holds a finite number: NaN sorts above Infinity in PostgreSQL, so abs(x) < Infinity rejects NaN, Infinity and -Infinity. */
const finite = (column: string) => sql.raw(`abs(${column}) < 'Infinity'::double precision`);

export const userRole = pgEnum("user_role", ["admin", "member"]);
export const cycleStatus = pgEnum("cycle_status", ["DRAFT", "ACTIVE", "COMPLETED"]);
export const objectiveLevel = pgEnum("objective_level", ["COMPANY", "TEAM", "INDIVIDUAL"]);
export const objectiveStatus = pgEnum("objective_status", ["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED"]);
export const keyResultKind = pgEnum("key_result_kind", [
  "INCREASE",
  "DECREASE",
  "STAY_ABOVE",
  "STAY_BELOW",
  "MILESTONE",
]);
export const keyResultStatus = pgEnum("key_result_status", [
  "ON_TRACK",
  "AT_RISK",
  "OFF_TRACK",
  "COMPLETED",
  "DROPPED",
]);
export const checkInSource = pgEnum("check_in_source", ["web", "email", "api", "import"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    role: userRole("role").notNull().default("member"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** better-auth: set once the person has proven the address (first sign-in by emailed link). */
    emailVerified: boolean("email_verified").notNull().default(false),
    /** better-auth: profile picture URL (unused by Cairn so far). */
    image: text("image"),
  },
  (t) => [
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    // Stored lowercase (sign-in looks people up by the lowercased address).
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
    check("users_email_shape", sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$' AND length(${t.email}) <= 254`),
    check("users_name_length", sql`length(btrim(${t.name})) BETWEEN 1 AND 120`),
    check("users_time_zone_present", sql`length(${t.timeZone}) BETWEEN 1 AND 64`),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    parentTeamId: uuid("parent_team_id").references((): AnyPgColumn => teams.id, {
      onDelete: "set null",
    }),
    leadUserId: uuid("lead_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("teams_name_lower_key").on(sql`lower(${t.name})`),
    index("teams_parent_team_id_idx").on(t.parentTeamId),
    index("teams_lead_user_id_idx").on(t.leadUserId),
    check("teams_name_length", sql`length(btrim(${t.name})) BETWEEN 1 AND 120`),
    check("teams_not_own_parent", sql`${t.parentTeamId} IS NULL OR ${t.parentTeamId} <> ${t.id}`),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_id_idx").on(t.userId)],
);

export const cycles = pgTable(
  "cycles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Calendar dates in the organisation's time zone; the end date is inclusive. */
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    status: cycleStatus("status").notNull().default("DRAFT"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("cycles_status_idx").on(t.status),
    check("cycles_end_after_start", sql`${t.endDate} > ${t.startDate}`),
    check("cycles_name_length", sql`length(btrim(${t.name})) BETWEEN 1 AND 80`),
    check("cycles_closed_when_completed", sql`(${t.status} = 'COMPLETED') = (${t.closedAt} IS NOT NULL)`),
  ],
);

export const objectives = pgTable(
  "objectives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cycleId: uuid("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => objectives.id, {
      onDelete: "set null",
    }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    level: objectiveLevel("level").notNull(),
    /** TEAM objectives are owned by a team; COMPANY (accountable person) and INDIVIDUAL ones by a user. */
    ownerTeamId: uuid("owner_team_id").references(() => teams.id, { onDelete: "restrict" }),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "restrict" }),
    status: objectiveStatus("status").notNull().default("ON_TRACK"),
    progress: doublePrecision("progress").notNull().default(0),
    expectedProgress: doublePrecision("expected_progress").notNull().default(0),
    statusReason: text("status_reason").notNull().default(""),
    /** Frozen when the cycle closes: weighted mean of its key results' grades. */
    grade: doublePrecision("grade"),
    version: integer("version").notNull().default(1),
    archived: boolean("archived").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("objectives_cycle_id_idx").on(t.cycleId),
    index("objectives_parent_id_idx").on(t.parentId),
    index("objectives_owner_team_id_idx").on(t.ownerTeamId),
    index("objectives_owner_user_id_idx").on(t.ownerUserId),
    check(
      "objectives_owner_matches_level",
      sql`(${t.level} = 'TEAM' AND ${t.ownerTeamId} IS NOT NULL AND ${t.ownerUserId} IS NULL)
       OR (${t.level} IN ('COMPANY', 'INDIVIDUAL') AND ${t.ownerUserId} IS NOT NULL AND ${t.ownerTeamId} IS NULL)`,
    ),
    check("objectives_not_own_parent", sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    check("objectives_title_length", sql`length(btrim(${t.title})) BETWEEN 1 AND 200`),
    check("objectives_description_length", sql`length(${t.description}) <= 5000`),
    check("objectives_progress_range", sql`${t.progress} BETWEEN 0 AND 100`),
    check("objectives_expected_range", sql`${t.expectedProgress} BETWEEN 0 AND 100`),
    check("objectives_version_positive", sql`${t.version} >= 1`),
    check("objectives_grade_range", sql`${t.grade} IS NULL OR ${t.grade} BETWEEN 0 AND 1`),
  ],
);

export const keyResults = pgTable(
  "key_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    kind: keyResultKind("kind").notNull().default("INCREASE"),
    startValue: doublePrecision("start_value").notNull().default(0),
    targetValue: doublePrecision("target_value").notNull(),
    currentValue: doublePrecision("current_value").notNull().default(0),
    unit: text("unit").notNull().default(""),
    weight: doublePrecision("weight").notNull().default(1),
    confidence: smallint("confidence").notNull().default(5),
    status: keyResultStatus("status").notNull().default("ON_TRACK"),
    /** Raw progress may leave 0–100 (regression below the baseline, overshoot); `progress` is clamped for display. */
    progressRaw: doublePrecision("progress_raw").notNull().default(0),
    progress: doublePrecision("progress").notNull().default(0),
    expectedProgress: doublePrecision("expected_progress").notNull().default(0),
    statusReason: text("status_reason").notNull().default(""),
    /** The structured numbers behind the reason (expected, ratio, day N of M, rule that decided). */
    statusDetails: jsonb("status_details").notNull().default({}),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    forecast: jsonb("forecast"),
    stale: boolean("stale").notNull().default(false),
    lastCheckInAt: timestamp("last_check_in_at", { withTimezone: true }),
    /** Fed by another system through the API (a nightly script), not typed in by its owner. */
    autoUpdate: boolean("auto_update").notNull().default(false),
    /** Frozen when the cycle closes: the value and the 0.0–1.0 grade it ended with. */
    finalValue: doublePrecision("final_value"),
    grade: doublePrecision("grade"),
    version: integer("version").notNull().default(1),
    /**
     * Running sums of this cycle's check-ins for the forecast line and the threshold history, kept by
     * each check-in so that the daily re-evaluation reads one row instead of every check-in:
     * x = days from `sums_from` (the cycle's first instant), y = value − `sums_start` (the start value),
     * `sums_above` / `sums_below` count values ≥ / ≤ `sums_target`. They cover the check-ins from
     * `sums_from` up to `sums_through` (= last_check_in_at when they were taken); when the cycle's
     * start, the start or target value, or last_check_in_at no longer match, the re-evaluation
     * computes them again from check_ins (src/server/reevaluate.ts).
     */
    sumsN: integer("sums_n").notNull().default(0),
    sumsX: doublePrecision("sums_x").notNull().default(0),
    sumsY: doublePrecision("sums_y").notNull().default(0),
    sumsXx: doublePrecision("sums_xx").notNull().default(0),
    sumsXy: doublePrecision("sums_xy").notNull().default(0),
    sumsYy: doublePrecision("sums_yy").notNull().default(0),
    sumsAbove: integer("sums_above").notNull().default(0),
    sumsBelow: integer("sums_below").notNull().default(0),
    sumsFrom: timestamp("sums_from", { withTimezone: true }),
    sumsStart: doublePrecision("sums_start"),
    sumsTarget: doublePrecision("sums_target"),
    sumsThrough: timestamp("sums_through", { withTimezone: true }),
    /** The inputs the stored forecast was computed from: unchanged inputs, forecast not rewritten. */
    forecastKey: text("forecast_key"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("key_results_objective_id_idx").on(t.objectiveId),
    index("key_results_owner_user_id_idx").on(t.ownerUserId),
    check("key_results_title_length", sql`length(btrim(${t.title})) BETWEEN 1 AND 200`),
    check("key_results_unit_length", sql`length(${t.unit}) <= 20`),
    check(
      "key_results_values_finite",
      sql`${finite("start_value")} AND ${finite("target_value")} AND ${finite("current_value")} AND ${finite("weight")} AND ${finite("progress_raw")}`,
    ),
    check(
      "key_results_direction",
      sql`(${t.kind} = 'INCREASE' AND ${t.targetValue} > ${t.startValue})
       OR (${t.kind} = 'DECREASE' AND ${t.targetValue} < ${t.startValue})
       OR (${t.kind} = 'MILESTONE' AND ${t.startValue} = 0 AND ${t.targetValue} = 1 AND ${t.currentValue} IN (0, 1))
       OR ${t.kind} IN ('STAY_ABOVE', 'STAY_BELOW')`,
    ),
    check("key_results_weight_positive", sql`${t.weight} > 0 AND ${t.weight} <= 100`),
    check("key_results_confidence_range", sql`${t.confidence} BETWEEN 1 AND 10`),
    check("key_results_progress_range", sql`${t.progress} BETWEEN 0 AND 100`),
    check("key_results_expected_range", sql`${t.expectedProgress} BETWEEN 0 AND 100`),
    check("key_results_version_positive", sql`${t.version} >= 1`),
    check(
      "key_results_final_finite",
      sql`${t.finalValue} IS NULL OR abs(${t.finalValue}) < 'Infinity'::double precision`,
    ),
    check("key_results_grade_range", sql`${t.grade} IS NULL OR ${t.grade} BETWEEN 0 AND 1`),
  ],
);

/** Planned progress at a date, for key results whose target is back-loaded (piecewise-linear expectation). */
export const keyResultCheckpoints = pgTable(
  "key_result_checkpoints",
  {
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    plannedValue: doublePrecision("planned_value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.keyResultId, t.date] }),
    check("key_result_checkpoints_value_finite", finite("planned_value")),
  ],
);

/**
 * The cycle weeks in which a key result has at least one check-in, as bits: bit (w − 1) is set when
 * a check-in falls in cycle week w (w = 1…62; day 1–7 of the cycle is week 1), weeks counted in the
 * organisation's time zone from the cycle's start date, check-ins after the cycle's last date left
 * out. Kept by triggers (migration 0008): every insert into check_ins sets its week's bit; a change of
 * a cycle's dates or of the organisation's time zone computes the bits again from check_ins. The
 * dashboard's check-in-rate trend reads one row per key result instead of every check-in.
 */
export const keyResultCheckInWeeks = pgTable("key_result_check_in_weeks", {
  keyResultId: uuid("key_result_id")
    .primaryKey()
    .references(() => keyResults.id, { onDelete: "cascade" }),
  weeks: bigint("weeks", { mode: "number" }).notNull().default(0),
});

/** Append-only history of key-result values; a trigger (migration 0001) refuses UPDATE. */
export const checkIns = pgTable(
  "check_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    previousValue: doublePrecision("previous_value").notNull(),
    newValue: doublePrecision("new_value").notNull(),
    confidence: smallint("confidence"),
    note: text("note").notNull().default(""),
    source: checkInSource("source").notNull().default("web"),
    createdAt: createdAt(),
  },
  (t) => [
    index("check_ins_key_result_id_created_at_idx").on(t.keyResultId, t.createdAt),
    index("check_ins_author_user_id_idx").on(t.authorUserId),
    index("check_ins_created_at_idx").on(t.createdAt),
    check("check_ins_values_finite", sql`${finite("previous_value")} AND ${finite("new_value")}`),
    check("check_ins_confidence_range", sql`${t.confidence} IS NULL OR ${t.confidence} BETWEEN 1 AND 10`),
    check("check_ins_note_length", sql`length(${t.note}) <= 2000`),
  ],
);

/** Exactly one row (id = 1): the organisation and the rules its statuses and reminders follow. */
export const orgSettings = pgTable(
  "org_settings",
  {
    id: smallint("id").primaryKey().default(1),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** ISO weekday, 1 = Monday … 7 = Sunday. */
    reminderWeekday: smallint("reminder_weekday").notNull().default(1),
    reminderHour: smallint("reminder_hour").notNull().default(9),
    atRiskRatio: doublePrecision("at_risk_ratio").notNull().default(0.7),
    offTrackRatio: doublePrecision("off_track_ratio").notNull().default(0.4),
    staleAfterDays: smallint("stale_after_days").notNull().default(14),
    leadershipRecipients: text("leadership_recipients").array().notNull().default(sql`'{}'::text[]`),
    /** An active cycle closes by itself this many days after its end date (0 = the day after). */
    autoCloseAfterDays: smallint("auto_close_after_days").notNull().default(7),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("org_settings_single_row", sql`${t.id} = 1`),
    check("org_settings_name_length", sql`length(btrim(${t.name})) BETWEEN 1 AND 120`),
    check("org_settings_reminder_weekday", sql`${t.reminderWeekday} BETWEEN 1 AND 7`),
    check("org_settings_reminder_hour", sql`${t.reminderHour} BETWEEN 0 AND 23`),
    check(
      "org_settings_ratios",
      sql`${t.offTrackRatio} > 0 AND ${t.offTrackRatio} < ${t.atRiskRatio} AND ${t.atRiskRatio} <= 1`,
    ),
    check("org_settings_stale_days", sql`${t.staleAfterDays} BETWEEN 1 AND 365`),
    check("org_settings_auto_close_days", sql`${t.autoCloseAfterDays} BETWEEN 0 AND 90`),
  ],
);

/**
 * better-auth sessions (src/auth/auth.ts). The cookie carries `token`, signed with the auth secret;
 * a new row, and so a new token, is made at every sign-in.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("auth_sessions_token_key").on(t.token),
    index("auth_sessions_user_id_idx").on(t.userId),
    index("auth_sessions_expires_at_idx").on(t.expiresAt),
  ],
);

/**
 * better-auth verification values. Sign-in links live here as `magic-link:<sha256(token)>` with a
 * 10-minute expiry; the raw token only ever exists in the emailed link.
 */
export const authVerifications = pgTable(
  "auth_verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("auth_verifications_identifier_idx").on(t.identifier),
    index("auth_verifications_expires_at_idx").on(t.expiresAt),
  ],
);

/** better-auth accounts (sign-in methods linked to a user). Unused by emailed links, kept for its schema. */
export const authAccounts = pgTable(
  "auth_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("auth_accounts_user_id_idx").on(t.userId),
    uniqueIndex("auth_accounts_provider_account_key").on(t.providerId, t.accountId),
  ],
);

/**
 * Fixed-window counters for rate limits (sign-in link requests per email and per IP). In the
 * database so that every app instance sees the same counts; keys hold hashes, never addresses.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    index("rate_limits_window_started_at_idx").on(t.windowStartedAt),
    check("rate_limits_count_positive", sql`${t.count} >= 1`),
    check("rate_limits_key_length", sql`length(${t.key}) BETWEEN 1 AND 200`),
  ],
);

/** Secrets Cairn generates for itself when none is configured (the auth secret outside production). */
export const appSecrets = pgTable(
  "app_secrets",
  {
    name: text("name").primaryKey(),
    value: text("value").notNull(),
    createdAt: createdAt(),
  },
  (t) => [check("app_secrets_value_length", sql`length(${t.value}) >= 32`)],
);

export const emailStatus = pgEnum("email_status", ["PENDING", "SENT", "FAILED", "DEAD"]);

/**
 * Every email Cairn sends is first written here (transactional outbox). A worker delivers PENDING
 * and FAILED rows whose next_attempt_at has come, with retries; after too many attempts a row is
 * DEAD. `message_id` is fixed at insert so that a retried send carries the same Message-ID, and
 * `dedupe_key` (when set) makes a logical email be enqueued at most once.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: text("message_id").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** What the mail is, e.g. SIGN_IN_LINK; free text so that later kinds need no migration. */
    kind: text("kind").notNull(),
    status: emailStatus("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    dedupeKey: text("dedupe_key"),
    /** The SMTP server's last answer (or the transport's), kept for admins. */
    lastResponse: text("last_response"),
    /** A delivery worker has claimed this row until then (several workers share the outbox). */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("email_outbox_message_id_key").on(t.messageId),
    uniqueIndex("email_outbox_dedupe_key_key").on(t.dedupeKey),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_created_at_idx").on(t.createdAt),
    check("email_outbox_attempts", sql`${t.attempts} >= 0`),
    check("email_outbox_sent_when_sent", sql`(${t.status} = 'SENT') = (${t.sentAt} IS NOT NULL)`),
    check(
      "email_outbox_to_shape",
      sql`${t.toAddress} ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(${t.toAddress}) <= 254`,
    ),
    check("email_outbox_subject_length", sql`length(${t.subject}) BETWEEN 1 AND 300`),
    check("email_outbox_kind_length", sql`length(${t.kind}) BETWEEN 1 AND 64`),
  ],
);

/**
 * One weekly check-in email per person per ISO week (in their time zone): the primary key makes a
 * second send impossible, whichever instance or retry tries it.
 */
export const reminderSends = pgTable(
  "reminder_sends",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** ISO week in the person's time zone, e.g. "2026-W49". */
    weekKey: text("week_key").notNull(),
    outboxId: uuid("outbox_id").references(() => emailOutbox.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.weekKey] }),
    index("reminder_sends_outbox_id_idx").on(t.outboxId),
    check("reminder_sends_week_key_shape", sql`${t.weekKey} ~ '^[0-9]{4}-W[0-9]{2}$'`),
  ],
);

/**
 * One-click check-in links from the weekly email: a capability scoped to one person and one week,
 * stored as a SHA-256 hash, expiring after 8 days, revocable, creating no session (ADR 0005).
 */
export const checkInTokens = pgTable(
  "check_in_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    weekKey: text("week_key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("check_in_tokens_token_hash_key").on(t.tokenHash),
    index("check_in_tokens_user_id_idx").on(t.userId),
    index("check_in_tokens_expires_at_idx").on(t.expiresAt),
  ],
);

/** The end-of-cycle report, written once when the cycle closes (the close that wins writes it). */
export const cycleRetrospectives = pgTable(
  "cycle_retrospectives",
  {
    cycleId: uuid("cycle_id")
      .primaryKey()
      .references(() => cycles.id, { onDelete: "cascade" }),
    report: jsonb("report").notNull(),
    closedByUserId: uuid("closed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("cycle_retrospectives_closed_by_user_id_idx").on(t.closedByUserId)],
);

export const apiTokenScope = pgEnum("api_token_scope", ["read", "write"]);

/** Personal API tokens: shown once, stored as a SHA-256 hash, read or write scope, optional expiry. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, to recognise it in lists (never enough to use it). */
    prefix: text("prefix").notNull(),
    scope: apiTokenScope("scope").notNull().default("read"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_tokens_token_hash_key").on(t.tokenHash),
    index("api_tokens_user_id_idx").on(t.userId),
    check("api_tokens_name_length", sql`length(btrim(${t.name})) BETWEEN 1 AND 80`),
  ],
);

/**
 * Idempotency-Key for API writes: a retried request gets the first answer back and writes nothing
 * new. Keyed by the caller and the key; the request's fingerprint catches a key reused for another body.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestFingerprint: text("request_fingerprint").notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index("idempotency_keys_created_at_idx").on(t.createdAt),
    check("idempotency_keys_key_length", sql`length(${t.key}) BETWEEN 1 AND 200`),
  ],
);

/** Webhooks out: signed POSTs to the customer's own systems when things happen. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    url: text("url").notNull(),
    /** Events this endpoint receives, e.g. {check_in.recorded, key_result.status_changed, cycle.closed}. */
    events: text("events").array().notNull(),
    /** HMAC-SHA256 signing secret (shown to the admin; needed in clear to sign). */
    secret: text("secret").notNull(),
    active: boolean("active").notNull().default(true),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhooks_created_by_user_id_idx").on(t.createdByUserId),
    check("webhooks_url_http", sql`${t.url} ~ '^https?://' AND length(${t.url}) <= 2000`),
  ],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", [
  "PENDING",
  "DELIVERED",
  "FAILED",
  "DEAD",
]);

/** One event for one webhook: the delivery log admins read, and the retry state. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: jsonb("payload").notNull(),
    status: webhookDeliveryStatus("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_deliveries_webhook_id_idx").on(t.webhookId, t.createdAt),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Cycle = typeof cycles.$inferSelect;
export type Objective = typeof objectives.$inferSelect;
export type KeyResult = typeof keyResults.$inferSelect;
export type CheckIn = typeof checkIns.$inferSelect;
export type OrgSettings = typeof orgSettings.$inferSelect;
export type AuthSession = typeof authSessions.$inferSelect;
export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
