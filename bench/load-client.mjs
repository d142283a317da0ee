/**
 * The HTTP load client of `npm run bench`, run as its OWN Node process (so that it does not share
 * the server's event loop): autocannon POSTs check-ins to /api/v1/key-results/{id}/check-ins with a
 * Bearer write token, spreading the requests over the key results it is given (round robin, one
 * key result per request). A warm-up run first (not recorded), then the measured run; every
 * response's latency is collected, so p50/p95/p99 are exact (autocannon's own summary has no p95).
 *
 *   node bench/load-client.mjs '{"base":"http://127.0.0.1:4301","token":"cairn_…","keyResults":["…"],
 *                               "connections":20,"seconds":15,"warmupSeconds":3}'
 * prints one JSON object on stdout.
 */
import autocannon from "autocannon";

const opts = JSON.parse(process.argv[2] ?? "{}");
const { base, token, keyResults, connections, seconds, warmupSeconds } = opts;

function run(duration, record) {
  let n = 0;
  const latencies = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        timeout: 30,
        requests: [
          {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            setupRequest(req) {
              const id = keyResults[n % keyResults.length];
              n += 1;
              const value = Math.round(Math.random() * 10_000) / 100;
              const confidence = 1 + Math.floor(Math.random() * 10);
              return {
                ...req,
                path: `/api/v1/key-results/${id}/check-ins`,
                body: JSON.stringify({ value, confidence, note: "bench (HTTP)" }),
              };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve({ result, latencies, statuses })),
    );
    if (record) {
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    }
  });
}

const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

if (warmupSeconds > 0) await run(warmupSeconds, false);
const { result, latencies, statuses } = await run(seconds, true);
const sorted = latencies.sort((a, b) => a - b);
const total = sorted.length;
const ok = Object.entries(statuses)
  .filter(([s]) => Number(s) >= 200 && Number(s) < 300)
  .reduce((a, [, c]) => a + c, 0);
process.stdout.write(
  `${JSON.stringify({
    connections,
    seconds,
    requests: total,
    perSecond: Math.round((total / result.duration) * 10) / 10,
    okPerSecond: Math.round((ok / result.duration) * 10) / 10,
    p50Ms: q(sorted, 0.5),
    p95Ms: q(sorted, 0.95),
    p99Ms: q(sorted, 0.99),
    maxMs: sorted[total - 1],
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
