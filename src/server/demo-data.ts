/**
 * The static catalogue of the demo company, Northwind Labs: people, teams, and the objectives and
 * key results of the current and the previous quarter. Nothing here depends on the date; load-demo.ts
 * places it in time relative to `now` and generates the check-in history from each key result's
 * scenario. docs/demo.md tells the story this catalogue is written to show.
 */

export const DEMO_ORG_NAME = "Northwind Labs";
export const DEMO_TIME_ZONE = "Europe/Berlin";
export const DEMO_EMAIL_DOMAIN = "northwind.example";

export type DemoTeamKey = "eng" | "product" | "sales" | "marketing" | "cs" | "people";

export interface DemoPerson {
  key: string;
  name: string;
  /** Job title (for the docs; the schema has no column for it). */
  title: string;
  timeZone: string;
  admin?: boolean;
  /** The CEO belongs to no team. */
  team?: DemoTeamKey;
}

export interface DemoTeam {
  key: DemoTeamKey;
  name: string;
  lead: string;
}

/**
 * How a key result's history unfolds:
 * - on: on plan (pace 85–115% of the time line); may complete before the end of a finished cycle.
 * - behind: about half the expected pace (at risk).
 * - lag: a quarter of the expected pace (off track).
 * - low: behind, and the owner's confidence drops to 3 and then 2.
 * - done: reaches the target around 40–60% into the cycle (milestones: done then).
 * - stopped: on plan until the owner stopped checking in, 3+ weeks before today (stale).
 * - never: no check-in at all (stale after the early window).
 * - hold: stay above/below kinds that hold the threshold at every check-in.
 * - break: stay above/below kinds that break the threshold from half-way through the cycle.
 * - miss: a milestone that never gets done, with confidence sinking.
 */
export type DemoScenario =
  | "on"
  | "behind"
  | "lag"
  | "low"
  | "done"
  | "stopped"
  | "never"
  | "hold"
  | "break"
  | "miss";

export type DemoKind = "INCREASE" | "DECREASE" | "STAY_ABOVE" | "STAY_BELOW" | "MILESTONE";

export interface DemoKeyResult {
  title: string;
  kind: DemoKind;
  start: number;
  target: number;
  unit: string;
  scenario: DemoScenario;
  /** Decimals the value is kept to (default 0). */
  dp?: number;
  weight?: number;
  /** Person key; default the objective's owner (the team lead for team objectives). */
  owner?: string;
  /** Bounds a generated value never leaves (e.g. uptime ≤ 100). */
  max?: number;
  /** Notes for the last check-ins (the last note goes on the last check-in), telling this KR's story. */
  story?: string[];
}

export interface DemoObjective {
  key: string;
  title: string;
  description: string;
  level: "COMPANY" | "TEAM" | "INDIVIDUAL";
  /** A person key for COMPANY and INDIVIDUAL objectives, a team key for TEAM ones. */
  owner: string;
  /** The key of the objective one level up; absent for the deliberately unaligned ones. */
  parent?: string;
  keyResults: DemoKeyResult[];
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { key: "maren", name: "Maren Hoffmann", title: "CEO & co-founder", timeZone: "Europe/Berlin", admin: true },
  // Engineering (17)
  {
    key: "jonas",
    name: "Jonas Becker",
    title: "CTO & co-founder",
    timeZone: "Europe/Berlin",
    admin: true,
    team: "eng",
  },
  { key: "aisha", name: "Aisha Khan", title: "Staff Engineer", timeZone: "Europe/London", team: "eng" },
  { key: "lukas", name: "Lukas Meyer", title: "Senior Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "ravi", name: "Ravi Iyer", title: "Backend Engineer", timeZone: "Asia/Kolkata", team: "eng" },
  {
    key: "sarah",
    name: "Sarah Nguyen",
    title: "Frontend Lead",
    timeZone: "America/Los_Angeles",
    team: "eng",
  },
  { key: "tobias", name: "Tobias Wolf", title: "Database Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "ananya", name: "Ananya Sharma", title: "QA Engineer", timeZone: "Asia/Kolkata", team: "eng" },
  { key: "felix", name: "Felix Braun", title: "Frontend Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "clara", name: "Clara Schmitt", title: "Backend Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "mateo", name: "Mateo Garcia", title: "Frontend Engineer", timeZone: "Europe/Berlin", team: "eng" },
  {
    key: "hannah",
    name: "Hannah Fischer",
    title: "Engineering Manager",
    timeZone: "Europe/Berlin",
    team: "eng",
  },
  { key: "omar", name: "Omar Haddad", title: "Security Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "julia", name: "Julia Krause", title: "Data Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "vikram", name: "Vikram Nair", title: "Backend Engineer", timeZone: "Asia/Kolkata", team: "eng" },
  { key: "elena", name: "Elena Popescu", title: "Mobile Engineer", timeZone: "Europe/Berlin", team: "eng" },
  { key: "noah", name: "Noah Keller", title: "Working Student", timeZone: "Europe/Berlin", team: "eng" },
  {
    key: "ben",
    name: "Ben Carter",
    title: "Site Reliability Engineer",
    timeZone: "Europe/London",
    team: "eng",
  },
  // Product (6)
  {
    key: "priya",
    name: "Priya Raman",
    title: "VP Product",
    timeZone: "Europe/London",
    admin: true,
    team: "product",
  },
  { key: "tom", name: "Tom Richter", title: "Product Manager", timeZone: "Europe/Berlin", team: "product" },
  {
    key: "mia",
    name: "Mia Zimmermann",
    title: "Product Designer",
    timeZone: "Europe/Berlin",
    team: "product",
  },
  {
    key: "leon",
    name: "Leon Hartmann",
    title: "Product Manager",
    timeZone: "Europe/Berlin",
    team: "product",
  },
  {
    key: "chloe",
    name: "Chloe Martin",
    title: "Growth Designer",
    timeZone: "Europe/London",
    team: "product",
  },
  {
    key: "david",
    name: "David Kim",
    title: "Product Manager",
    timeZone: "America/Los_Angeles",
    team: "product",
  },
  // Sales (9)
  { key: "daniel", name: "Daniel Brooks", title: "VP Sales", timeZone: "America/New_York", team: "sales" },
  {
    key: "megan",
    name: "Megan Sullivan",
    title: "Account Executive",
    timeZone: "America/New_York",
    team: "sales",
  },
  { key: "jason", name: "Jason Reed", title: "SDR Team Lead", timeZone: "America/New_York", team: "sales" },
  {
    key: "katharina",
    name: "Katharina Vogel",
    title: "Sales Enablement",
    timeZone: "Europe/Berlin",
    team: "sales",
  },
  {
    key: "moritz",
    name: "Moritz Lang",
    title: "Account Executive",
    timeZone: "Europe/Berlin",
    team: "sales",
  },
  {
    key: "olivia",
    name: "Olivia Turner",
    title: "Account Executive",
    timeZone: "Europe/London",
    team: "sales",
  },
  {
    key: "marcus",
    name: "Marcus Johnson",
    title: "Sales Development Rep",
    timeZone: "America/New_York",
    team: "sales",
  },
  {
    key: "sophie",
    name: "Sophie Neumann",
    title: "Sales Operations",
    timeZone: "Europe/Berlin",
    team: "sales",
  },
  {
    key: "ethan",
    name: "Ethan Parker",
    title: "Sales Development Rep",
    timeZone: "America/New_York",
    team: "sales",
  },
  // Marketing (6)
  {
    key: "sofia",
    name: "Sofia Lindqvist",
    title: "Head of Marketing",
    timeZone: "Europe/Berlin",
    team: "marketing",
  },
  {
    key: "paul",
    name: "Paul Schneider",
    title: "Performance Marketer",
    timeZone: "Europe/Berlin",
    team: "marketing",
  },
  {
    key: "isabel",
    name: "Isabel Costa",
    title: "Events Manager",
    timeZone: "Europe/Berlin",
    team: "marketing",
  },
  {
    key: "grace",
    name: "Grace Evans",
    title: "Content Marketer",
    timeZone: "Europe/London",
    team: "marketing",
  },
  { key: "max", name: "Max Bauer", title: "SEO Specialist", timeZone: "Europe/Berlin", team: "marketing" },
  { key: "lea", name: "Lea Koch", title: "Brand Designer", timeZone: "Europe/Berlin", team: "marketing" },
  // Customer Success (7)
  {
    key: "emma",
    name: "Emma Walsh",
    title: "Head of Customer Success",
    timeZone: "Europe/London",
    team: "cs",
  },
  {
    key: "jan",
    name: "Jan Schäfer",
    title: "Customer Success Manager",
    timeZone: "Europe/Berlin",
    team: "cs",
  },
  { key: "nina", name: "Nina Hofmann", title: "CS Operations", timeZone: "Europe/Berlin", team: "cs" },
  {
    key: "carlos",
    name: "Carlos Rivera",
    title: "Customer Success Manager",
    timeZone: "America/New_York",
    team: "cs",
  },
  {
    key: "laura",
    name: "Laura Weber",
    title: "Onboarding Specialist",
    timeZone: "Europe/Berlin",
    team: "cs",
  },
  { key: "samuel", name: "Samuel Okafor", title: "Support Engineer", timeZone: "Europe/London", team: "cs" },
  { key: "deepa", name: "Deepa Menon", title: "Onboarding Specialist", timeZone: "Asia/Kolkata", team: "cs" },
  // People (4)
  {
    key: "lena",
    name: "Lena Schulz",
    title: "Head of People",
    timeZone: "Europe/Berlin",
    admin: true,
    team: "people",
  },
  {
    key: "anna",
    name: "Anna Lehmann",
    title: "Talent Acquisition",
    timeZone: "Europe/Berlin",
    team: "people",
  },
  { key: "kevin", name: "Kevin Brown", title: "Recruiter", timeZone: "Europe/London", team: "people" },
  { key: "miriam", name: "Miriam Roth", title: "People Partner", timeZone: "Europe/Berlin", team: "people" },
];

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { key: "eng", name: "Engineering", lead: "jonas" },
  { key: "product", name: "Product", lead: "priya" },
  { key: "sales", name: "Sales", lead: "daniel" },
  { key: "marketing", name: "Marketing", lead: "sofia" },
  { key: "cs", name: "Customer Success", lead: "emma" },
  { key: "people", name: "People", lead: "lena" },
];

/** The people whose emails receive the leadership digest. */
export const DEMO_LEADERSHIP = ["maren", "jonas"] as const;

const inc = (
  title: string,
  start: number,
  target: number,
  unit: string,
  scenario: DemoScenario,
  extra: Partial<DemoKeyResult> = {},
): DemoKeyResult => ({ title, kind: "INCREASE", start, target, unit, scenario, ...extra });
const dec = (
  title: string,
  start: number,
  target: number,
  unit: string,
  scenario: DemoScenario,
  extra: Partial<DemoKeyResult> = {},
): DemoKeyResult => ({ title, kind: "DECREASE", start, target, unit, scenario, ...extra });
const above = (
  title: string,
  start: number,
  target: number,
  unit: string,
  scenario: DemoScenario,
  extra: Partial<DemoKeyResult> = {},
): DemoKeyResult => ({ title, kind: "STAY_ABOVE", start, target, unit, scenario, ...extra });
const below = (
  title: string,
  start: number,
  target: number,
  unit: string,
  scenario: DemoScenario,
  extra: Partial<DemoKeyResult> = {},
): DemoKeyResult => ({ title, kind: "STAY_BELOW", start, target, unit, scenario, ...extra });
const milestone = (
  title: string,
  scenario: DemoScenario,
  extra: Partial<DemoKeyResult> = {},
): DemoKeyResult => ({ title, kind: "MILESTONE", start: 0, target: 1, unit: "", scenario, ...extra });

/** The current (ACTIVE) quarter: 4 company, 12 team and 10 individual objectives, 81 key results. */
export const CURRENT_OBJECTIVES: readonly DemoObjective[] = [
  // Company
  {
    key: "c-growth",
    level: "COMPANY",
    owner: "daniel",
    title: "Grow net new ARR in the mid-market",
    description:
      "Mid-market teams (50–500 seats) buy faster and churn less. This quarter we prove we can win them at scale.",
    keyResults: [
      inc("Net new ARR", 0, 1_200_000, "$", "on", { weight: 2 }),
      inc("Mid-market customers (50–500 seats)", 42, 60, "customers", "on"),
      inc("Trial-to-paid conversion", 14, 20, "%", "behind", { dp: 1, owner: "priya" }),
      dec("Average sales cycle", 48, 35, "days", "on"),
    ],
  },
  {
    key: "c-love",
    level: "COMPANY",
    owner: "maren",
    title: "Make customers love Northwind",
    description:
      "Retention is our cheapest growth. Fewer customers should leave, and the ones who stay should tell others.",
    keyResults: [
      inc("Net Promoter Score", 32, 45, "points", "on"),
      dec("Monthly logo churn", 5, 2, "%", "behind", {
        dp: 1,
        weight: 2,
        owner: "emma",
        story: [
          "Churn spiked after the price change for legacy plans.",
          "Save calls are helping, but SMB churn is still high.",
          "Better month, but far from 2% at this pace.",
        ],
      }),
      below("Median first response time", 3, 4, "h", "hold", { dp: 1, owner: "emma" }),
    ],
  },
  {
    key: "c-platform",
    level: "COMPANY",
    owner: "jonas",
    title: "Run a platform customers never have to think about",
    description: "Reliability and speed are features. Customers should never wonder whether Northwind is up.",
    keyResults: [
      above("API uptime", 99.97, 99.9, "%", "hold", { dp: 2, weight: 2, max: 100 }),
      below("p95 API latency", 260, 300, "ms", "break", {
        owner: "aisha",
        story: [
          "Latency spikes during the nightly report jobs.",
          "Over 300 ms again; moving report jobs to a replica.",
          "Still breaching at peak. Replica rollout slipped a week.",
        ],
      }),
      dec("Sev-1 incidents per month", 4, 1, "incidents", "on"),
    ],
  },
  {
    key: "c-product",
    level: "COMPANY",
    owner: "priya",
    title: "Ship what our customers keep asking for",
    description: "The top requests from the customer advisory board, shipped and adopted.",
    keyResults: [
      milestone("Workflows 2.0 generally available", "on"),
      inc("Weekly active users", 8200, 11_000, "users", "on"),
      inc("Customer-requested features shipped", 0, 12, "features", "on", { owner: "tom" }),
    ],
  },
  // Engineering
  {
    key: "t-eng-reliable",
    level: "TEAM",
    owner: "eng",
    parent: "c-platform",
    title: "Make the platform boringly reliable",
    description: "Fewer pages, faster recovery, and a database that survives losing a node.",
    keyResults: [
      dec("Mean time to recovery", 95, 30, "min", "on"),
      inc("Services with SLOs and alerts", 6, 24, "services", "on", { owner: "aisha" }),
      milestone("Postgres moved to the high-availability cluster", "done", { owner: "tobias" }),
      dec("Flaky tests in CI", 140, 20, "tests", "stopped", {
        owner: "lukas",
        story: ["Quarantined the worst offenders.", "Down again; handing over while I'm on the migration."],
      }),
    ],
  },
  {
    key: "t-eng-fast",
    level: "TEAM",
    owner: "eng",
    parent: "c-platform",
    title: "Cut page load times in half",
    description: "Customers with big workspaces wait seconds for the dashboard. Halve it.",
    keyResults: [
      dec("Dashboard p75 load time", 3800, 1900, "ms", "lag", {
        owner: "sarah",
        story: [
          "Blocked until the new rendering pipeline is out of its flag.",
          "No change; the quick wins are used up.",
          "Still blocked on the pipeline migration. Asked for a second engineer.",
        ],
      }),
      dec("JavaScript bundle size", 1450, 800, "KB", "behind", { owner: "mateo" }),
      inc("Pages passing Core Web Vitals", 61, 90, "%", "on", { owner: "felix" }),
    ],
  },
  // Product
  {
    key: "t-product-launch",
    level: "TEAM",
    owner: "product",
    parent: "c-product",
    title: "Launch Workflows 2.0 without drama",
    description: "A beta that customers rely on every week, then a launch nobody has to apologise for.",
    keyResults: [
      inc("Beta customers using Workflows 2.0 weekly", 0, 40, "customers", "on", { owner: "tom" }),
      milestone("Docs and migration guide published", "done", { owner: "leon" }),
      above("Beta satisfaction score", 8.3, 8, "points", "hold", { dp: 1, max: 10 }),
    ],
  },
  {
    key: "t-product-trials",
    level: "TEAM",
    owner: "product",
    parent: "c-growth",
    title: "Understand why trials don't convert",
    description: "Talk to the people who tried us and left, and fix the first week.",
    keyResults: [
      inc("Trial user interviews completed", 0, 30, "interviews", "done", { owner: "mia" }),
      inc("Activation rate in the first 7 days", 23, 35, "%", "on", { dp: 1, owner: "leon" }),
      inc("Onboarding experiments shipped", 0, 6, "experiments", "never", { owner: "david" }),
    ],
  },
  // Sales
  {
    key: "t-sales-win",
    level: "TEAM",
    owner: "sales",
    parent: "c-growth",
    title: "Win mid-market deals in DACH and the US",
    description: "Focus the account executives on mid-market accounts in our two strongest regions.",
    keyResults: [
      inc("New mid-market logos", 0, 18, "logos", "on"),
      inc("Qualified pipeline created", 0, 3_500_000, "$", "on", { owner: "megan", weight: 2 }),
      inc("Win rate on qualified opportunities", 18, 25, "%", "low", {
        story: [
          "Lost two deals on price to the incumbent.",
          "Two of the big deals slipped to next quarter; not confident we get there.",
          "Legal reviews are dragging. Honestly, 25% looks out of reach this quarter.",
        ],
      }),
      below("Average discount", 12, 15, "%", "hold", { owner: "sophie" }),
    ],
  },
  {
    key: "t-sales-outbound",
    level: "TEAM",
    owner: "sales",
    parent: "c-growth",
    title: "Build a repeatable outbound engine",
    description: "Outbound that books meetings every week without heroics.",
    keyResults: [
      inc("Outbound meetings booked", 0, 240, "meetings", "on", { owner: "jason" }),
      inc("Reply rate on outbound sequences", 3, 6, "%", "lag", {
        dp: 1,
        owner: "ethan",
        story: [
          "Deliverability problems: half of our emails land in spam.",
          "New domain is warming up, reply rate flat.",
          "Still flat. Rewriting the sequences with Marketing.",
        ],
      }),
      milestone("Sales playbook v2 rolled out to all reps", "on", { owner: "katharina" }),
    ],
  },
  // Marketing
  {
    key: "t-marketing-funnel",
    level: "TEAM",
    owner: "marketing",
    parent: "c-growth",
    title: "Fill the funnel with qualified pipeline",
    description: "More leads that Sales actually wants, at a cost we can afford.",
    keyResults: [
      inc("Marketing-qualified leads", 0, 900, "leads", "on"),
      dec("Cost per MQL", 210, 150, "$", "on", { owner: "paul" }),
      inc("Webinar attendees", 0, 1200, "attendees", "done", { owner: "isabel" }),
    ],
  },
  {
    key: "t-marketing-brand",
    level: "TEAM",
    owner: "marketing",
    parent: "c-growth",
    title: "Become the name people know for OKRs",
    description: "When someone searches for OKR software, they should find us and our customers' stories.",
    keyResults: [
      inc("Organic website visitors per month", 38_000, 55_000, "visitors", "on", { owner: "max" }),
      inc("Customer case studies published", 0, 8, "stories", "stopped", {
        owner: "grace",
        story: ["Two more in legal review.", "Next two drafted; waiting for customer approval."],
      }),
      milestone("New website live", "on", { owner: "lea" }),
    ],
  },
  // Customer Success
  {
    key: "t-cs-churn",
    level: "TEAM",
    owner: "cs",
    parent: "c-love",
    title: "Stop losing SMB customers",
    description: "SMB churn doubled after the legacy price change. Find the accounts at risk and save them.",
    keyResults: [
      dec("SMB gross revenue churn", 3.2, 1.8, "%", "lag", {
        dp: 1,
        weight: 2,
        story: [
          "The price change is still hurting; three more cancellations.",
          "Flat this week. Discount offer needs Finance sign-off.",
          "No improvement yet. Escalated to Maren for a decision on legacy pricing.",
        ],
      }),
      inc("At-risk accounts with a save plan", 40, 100, "%", "on", { owner: "jan" }),
      inc("Health score coverage", 55, 95, "%", "done", { owner: "nina" }),
    ],
  },
  {
    key: "t-cs-onboarding",
    level: "TEAM",
    owner: "cs",
    parent: "c-love",
    title: "Make onboarding effortless",
    description: "New customers should run their first workflow within a week, without a call.",
    keyResults: [
      dec("Median time to first workflow", 14, 5, "days", "on", { owner: "laura" }),
      above("Onboarding CSAT", 4.6, 4.5, "points", "hold", { dp: 1, max: 5 }),
      inc("Self-serve onboarding guides", 4, 20, "guides", "on", { owner: "samuel" }),
    ],
  },
  // People
  {
    key: "t-people-hiring",
    level: "TEAM",
    owner: "people",
    parent: "c-product",
    title: "Hire the team we need for next year",
    description: "Product can only ship what we have people for. Eight engineers by the end of the quarter.",
    keyResults: [
      inc("Engineers hired", 0, 8, "hires", "behind", { owner: "anna" }),
      above("Offer acceptance rate", 85, 80, "%", "hold", { max: 100 }),
      dec("Median time to hire", 52, 40, "days", "on", { owner: "kevin" }),
    ],
  },
  {
    key: "t-people-stay",
    level: "TEAM",
    owner: "people",
    title: "Make Northwind a place people want to stay",
    description: "Not tied to a company objective on purpose: it matters every quarter.",
    keyResults: [
      inc("Engagement survey participation", 62, 85, "%", "done"),
      inc("Managers trained in feedback conversations", 0, 14, "managers", "on", { owner: "miriam" }),
      below("Voluntary attrition (annualised)", 6, 10, "%", "hold", { dp: 1 }),
    ],
  },
  // Individual
  {
    key: "i-ben",
    level: "INDIVIDUAL",
    owner: "ben",
    parent: "t-eng-reliable",
    title: "Make on-call quiet",
    description: "Nobody should dread their on-call week.",
    keyResults: [
      dec("Pages per on-call week", 35, 10, "pages", "on"),
      inc("Noisy alerts removed or tuned", 0, 40, "alerts", "done"),
      inc("Runbooks for the top alerts", 2, 10, "runbooks", "on"),
    ],
  },
  {
    key: "i-felix",
    level: "INDIVIDUAL",
    owner: "felix",
    parent: "t-eng-fast",
    title: "Ship the new rendering pipeline",
    description: "The new pipeline renders only what is on screen.",
    keyResults: [
      milestone("Rendering pipeline behind a feature flag", "done"),
      inc("Dashboards migrated to the new pipeline", 0, 100, "%", "lag", {
        story: [
          "Custom widgets don't render in the new pipeline yet.",
          "Widget compatibility layer is harder than expected.",
          "Migrated a few simple dashboards; the big ones are still blocked.",
        ],
      }),
      dec("Render time of the largest dashboard", 4200, 1500, "ms", "behind"),
    ],
  },
  {
    key: "i-ravi",
    level: "INDIVIDUAL",
    owner: "ravi",
    title: "Get AWS Solutions Architect certified",
    description: "Personal development goal, agreed with Jonas; not tied to a team objective.",
    keyResults: [
      inc("Practice exams passed", 0, 4, "exams", "on"),
      milestone("Certification exam passed", "on"),
      inc("Study hours logged", 0, 60, "hours", "stopped", {
        story: ["Good week of study.", "Busy with the incident follow-ups, will pick it up again."],
      }),
    ],
  },
  {
    key: "i-chloe",
    level: "INDIVIDUAL",
    owner: "chloe",
    parent: "t-product-trials",
    title: "Find the pricing page that converts",
    description: "Test pricing page variants until one clearly wins.",
    keyResults: [
      inc("Pricing page conversion", 2.1, 3.5, "%", "on", { dp: 1 }),
      inc("A/B tests concluded", 0, 5, "tests", "on"),
      milestone("Pricing FAQ rewritten with Sales", "done"),
    ],
  },
  {
    key: "i-megan",
    level: "INDIVIDUAL",
    owner: "megan",
    parent: "t-sales-win",
    title: "Close three lighthouse deals in the US",
    description: "Reference customers on the East Coast make every following deal easier.",
    keyResults: [
      inc("Lighthouse deals closed", 0, 3, "deals", "on"),
      inc("Executive sponsors engaged", 2, 10, "sponsors", "on"),
      inc("Reference calls arranged", 0, 6, "calls", "on"),
    ],
  },
  {
    key: "i-marcus",
    level: "INDIVIDUAL",
    owner: "marcus",
    parent: "t-sales-outbound",
    title: "Book 60 qualified meetings",
    description: "My share of the outbound engine.",
    keyResults: [
      inc("Qualified meetings booked", 0, 60, "meetings", "on"),
      above("Meeting show rate", 78, 75, "%", "break", {
        max: 100,
        story: [
          "More no-shows since the holiday season started.",
          "Show rate down again; trying reminder texts.",
          "Still below 75%. Reminder texts from next week.",
        ],
      }),
      inc("Personalised sequences built", 0, 12, "sequences", "done"),
    ],
  },
  {
    key: "i-lea",
    level: "INDIVIDUAL",
    owner: "lea",
    parent: "t-marketing-brand",
    title: "Launch the customer stories library",
    description: "One page where prospects find a customer like them.",
    keyResults: [
      inc("Customer stories live on the site", 0, 10, "stories", "on"),
      inc("Video testimonials recorded", 0, 4, "videos", "never"),
      milestone("Stories library page launched", "on"),
    ],
  },
  {
    key: "i-carlos",
    level: "INDIVIDUAL",
    owner: "carlos",
    parent: "t-cs-churn",
    title: "Save every at-risk SMB account I can",
    description: "Call every account whose health score turns red.",
    keyResults: [
      inc("Save calls held with at-risk accounts", 0, 45, "calls", "on"),
      inc("At-risk accounts retained", 0, 70, "%", "lag", {
        story: [
          "Most accounts say the new price is the reason.",
          "Retained two of seven this week.",
          "Can't save them without a pricing answer. Waiting on the decision.",
        ],
      }),
      inc("Churn reasons tagged in the CRM", 30, 100, "%", "done"),
    ],
  },
  {
    key: "i-deepa",
    level: "INDIVIDUAL",
    owner: "deepa",
    parent: "t-cs-onboarding",
    title: "Rebuild the onboarding checklist",
    description: "A checklist that new customers finish on their own.",
    keyResults: [
      milestone("New checklist live for all new accounts", "done"),
      inc("Checklist completion rate", 35, 70, "%", "on"),
      dec("Onboarding tickets per new account", 6, 3, "tickets", "on", { dp: 1 }),
    ],
  },
  {
    key: "i-miriam",
    level: "INDIVIDUAL",
    owner: "miriam",
    parent: "t-people-stay",
    title: "Run the first manager training cohort",
    description: "Twelve managers, six sessions, real feedback conversations.",
    keyResults: [
      inc("Managers who completed all sessions", 0, 12, "managers", "on"),
      above("Session feedback score", 4.4, 4.2, "points", "hold", { dp: 1, max: 5 }),
      milestone("Cohort 2 planned and scheduled", "on"),
    ],
  },
];

/** The previous (COMPLETED) quarter: 3 company, 6 team and 4 individual objectives, 39 key results. */
export const PREVIOUS_OBJECTIVES: readonly DemoObjective[] = [
  {
    key: "pc-midmarket",
    level: "COMPANY",
    owner: "daniel",
    title: "Prove the mid-market motion",
    description: "Show that mid-market teams buy Northwind and stay.",
    keyResults: [
      inc("Mid-market customers", 30, 42, "customers", "done"),
      inc("Net new ARR", 0, 950_000, "$", "on", { weight: 2 }),
      dec("Sales cycle for mid-market deals", 60, 48, "days", "behind"),
    ],
  },
  {
    key: "pc-trust",
    level: "COMPANY",
    owner: "maren",
    title: "Earn our customers' trust",
    description: "Security, support and a product that keeps its promises.",
    keyResults: [
      inc("Net Promoter Score", 25, 32, "points", "on"),
      dec("Monthly logo churn", 6, 4, "%", "lag", {
        dp: 1,
        owner: "emma",
        story: [
          "Legacy plan customers are leaving after the price announcement.",
          "Churn back up. Carrying this into next quarter.",
        ],
      }),
      milestone("SOC 2 Type I report issued", "miss", {
        owner: "omar",
        story: [
          "Auditor moved our fieldwork by three weeks.",
          "Report will land next quarter, not this one.",
        ],
      }),
    ],
  },
  {
    key: "pc-scale",
    level: "COMPANY",
    owner: "jonas",
    title: "Scale the platform for ten times the data",
    description: "Our biggest customers will triple their data this year; the platform must not notice.",
    keyResults: [
      above("API uptime", 99.95, 99.9, "%", "hold", { dp: 2, max: 100 }),
      dec("Largest tenant import time", 180, 30, "min", "done", { owner: "julia" }),
      milestone("Postgres high-availability design approved", "done", { owner: "tobias" }),
    ],
  },
  {
    key: "pt-eng",
    level: "TEAM",
    owner: "eng",
    parent: "pc-scale",
    title: "Pay down the worst of our tech debt",
    description: "The debt that slows every release, first.",
    keyResults: [
      inc("Deprecated API endpoints removed", 0, 25, "endpoints", "on", { owner: "clara" }),
      dec("CI pipeline duration", 28, 12, "min", "done", { owner: "lukas" }),
      inc("Test coverage of the billing service", 48, 80, "%", "behind", { owner: "ananya" }),
    ],
  },
  {
    key: "pt-product",
    level: "TEAM",
    owner: "product",
    parent: "pc-midmarket",
    title: "Design Workflows 2.0 with customers",
    description: "Design partners shape the next big release.",
    keyResults: [
      inc("Design partner sessions", 0, 20, "sessions", "done", { owner: "mia" }),
      milestone("Workflows 2.0 spec signed off", "done"),
      above("Prototype usability score", 75, 70, "points", "hold", { owner: "chloe", max: 100 }),
    ],
  },
  {
    key: "pt-sales",
    level: "TEAM",
    owner: "sales",
    parent: "pc-midmarket",
    title: "Build the mid-market pipeline",
    description: "Enough qualified pipeline to hit next quarter's number.",
    keyResults: [
      inc("Qualified pipeline created", 0, 2_800_000, "$", "on"),
      inc("Mid-market deals closed", 0, 12, "deals", "on", { owner: "moritz" }),
      inc("CRM hygiene score", 60, 90, "%", "stopped", {
        owner: "sophie",
        story: ["Cleaned up the stale opportunities.", "Pausing this while we migrate the CRM."],
      }),
    ],
  },
  {
    key: "pt-marketing",
    level: "TEAM",
    owner: "marketing",
    parent: "pc-midmarket",
    title: "Launch the partner programme",
    description: "Agencies and consultants who bring us customers.",
    keyResults: [
      inc("Partners signed", 0, 10, "partners", "behind"),
      inc("Partner-sourced leads", 0, 150, "leads", "lag", {
        story: ["Partners are signed but not selling yet.", "Partner enablement came too late this quarter."],
      }),
      milestone("Partner portal live", "done", { owner: "lea" }),
    ],
  },
  {
    key: "pt-cs",
    level: "TEAM",
    owner: "cs",
    parent: "pc-trust",
    title: "Know which customers are at risk",
    description: "A health score for every account, and a review with every large one.",
    keyResults: [
      inc("Accounts with a health score", 20, 55, "%", "done", { owner: "nina" }),
      inc("Quarterly business reviews held", 0, 40, "reviews", "on", { owner: "jan" }),
      below("First response time", 3.5, 4, "h", "break", {
        dp: 1,
        owner: "samuel",
        story: ["Ticket volume up after the price announcement.", "Two people out; response times slipped."],
      }),
    ],
  },
  {
    key: "pt-people",
    level: "TEAM",
    owner: "people",
    parent: "pc-midmarket",
    title: "Hire the sales team for the mid-market push",
    description: "Account executives in Berlin and New York.",
    keyResults: [
      inc("Account executives hired", 0, 4, "hires", "done", { owner: "kevin" }),
      dec("Time to hire", 60, 45, "days", "on", { owner: "anna" }),
      milestone("Career framework published", "miss", {
        owner: "miriam",
        story: ["Waiting for feedback from the team leads.", "Postponed: hiring took all our time."],
      }),
    ],
  },
  {
    key: "pi-ben",
    level: "INDIVIDUAL",
    owner: "ben",
    parent: "pt-eng",
    title: "Automate our deploys",
    description: "Deploys without a checklist and a held breath.",
    keyResults: [
      inc("Deploys without manual steps", 40, 95, "%", "on"),
      dec("Rollback time", 25, 5, "min", "done"),
      milestone("Manual deploy runbook retired", "done"),
    ],
  },
  {
    key: "pi-megan",
    level: "INDIVIDUAL",
    owner: "megan",
    parent: "pt-sales",
    title: "Open the US East Coast",
    description: "First meetings and first deals in New York and Boston.",
    keyResults: [
      inc("US meetings held", 0, 50, "meetings", "on"),
      inc("US deals closed", 0, 4, "deals", "behind"),
      inc("US reference customers", 0, 2, "references", "done"),
    ],
  },
  {
    key: "pi-nina",
    level: "INDIVIDUAL",
    owner: "nina",
    parent: "pt-cs",
    title: "Build the customer health score",
    description: "One number per account that predicts churn.",
    keyResults: [
      milestone("Health score model live", "done"),
      inc("Signals in the model", 3, 10, "signals", "done"),
      inc("Prediction accuracy on past churn", 50, 75, "%", "behind"),
    ],
  },
  {
    key: "pi-isabel",
    level: "INDIVIDUAL",
    owner: "isabel",
    parent: "pt-marketing",
    title: "Run our first webinar series",
    description: "Six webinars with customers and partners.",
    keyResults: [
      inc("Webinars held", 0, 6, "webinars", "on"),
      above("Attendees per webinar", 120, 100, "attendees", "hold"),
      inc("Webinar-sourced MQLs", 0, 200, "leads", "behind"),
    ],
  },
];

/** Titles of the objectives deliberately left without a parent (every other one is aligned). */
export const DEMO_UNALIGNED_TITLES: readonly string[] = [
  "Make Northwind a place people want to stay",
  "Get AWS Solutions Architect certified",
];

/** Check-in notes by situation; `{value}`, `{delta}` and `{target}` are filled in. */
export const NOTES = {
  kickoff: [
    "Kick-off: baseline confirmed at {value}.",
    "First check-in. Plan agreed with the team.",
    "Starting point {value}; plan is in place.",
    "Kicked off with the team this week.",
  ],
  on: [
    "Good week: {delta} since the last check-in.",
    "On plan. Now at {value}.",
    "Steady progress, nothing blocking.",
    "{value} so far; the new process is paying off.",
    "Ahead of where I expected this week.",
    "Quieter week because of the offsite, should catch up next week.",
    "Moving in the right direction: {delta}.",
    "Still on pace for {target}.",
    "Small gain this week; the bigger push lands next sprint.",
    "Solid week, the team is in a good rhythm.",
    "Reviewed with the team on Monday, we're on track.",
    "",
  ],
  behind: [
    "Behind plan; the second half of the quarter has to do more of the work.",
    "Only {delta} this week. We lost time to a production incident.",
    "Slower than hoped, now {value}. Reprioritising next sprint.",
    "Still behind. Waiting on data from the analytics team.",
    "Some progress, but we need about twice this pace.",
    "Two people out sick this week, progress stalled a bit.",
    "Catching up slowly: {value}.",
  ],
  lag: [
    "No real movement this week.",
    "Stuck at {value}. Raised it in the leadership sync.",
    "This will not hit {target} without a change of plan.",
    "Went nowhere this week; we need help to unblock it.",
    "Barely moved. Discussing whether to cut scope.",
    "Priorities shifted, this one got pushed down the list.",
  ],
  reached: [
    "Target reached: {value}!",
    "Done: hit {target} this week 🎉",
    "We're there. Thanks to everyone who pitched in.",
  ],
  afterDone: [
    "Holding at target.",
    "Still at {value}, nothing more to do here.",
    "Stays done; keeping an eye on it.",
    "",
  ],
  hold: [
    "Held all week at {value}.",
    "Comfortably within the limit: {value}.",
    "No breaches this week.",
    "Stable at {value}.",
    "Fine this week, one near miss on Tuesday.",
    "",
  ],
  break: [
    "Breached the limit: {value}. Looking into it.",
    "Over the line again at {value}; root cause still open.",
    "{value} this week, outside the threshold. Mitigation in progress.",
  ],
  milestoneOn: [
    "Design done, implementation started.",
    "In progress; about half of the tasks are done.",
    "On schedule for the end of the quarter.",
    "Scope agreed with stakeholders.",
    "Working through the last open questions.",
    "Not done yet, no blockers.",
  ],
  milestoneDone: ["Done and shipped!", "Finished this week 🎉", "Completed and announced in #general."],
  milestoneMiss: [
    "Slipping; a dependency is not ready.",
    "Not started the last part yet.",
    "Behind schedule, replanning.",
  ],
} as const;
