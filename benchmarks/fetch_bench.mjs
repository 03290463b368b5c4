// Node's fetch (undici) for benchmarks/fetch_bench.py: the same three workloads.
//   node benchmarks/fetch_bench.mjs BASE_URL REQUESTS MIB
// Prints one JSON line: {"seq_rps", "conc_rps", "mb_s", "rss_mib"}.

const [base, requestsArg, mibArg] = process.argv.slice(2);
const requests = Number(requestsArg ?? 1000);
const mib = Number(mibArg ?? 1024);
const CONCURRENCY = 50;

async function getJson(url) {
  const response = await fetch(url);
  return response.json();
}

let peakRss = 0;
function sampleRss() {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}

for (let i = 0; i < 50; i++) await getJson(`${base}/json`);

let started = performance.now();
for (let i = 0; i < requests; i++) await getJson(`${base}/json`);
const seqRps = requests / ((performance.now() - started) / 1000);
sampleRss();

started = performance.now();
let next = 0;
async function worker() {
  while (next < requests) {
    next++;
    await getJson(`${base}/json`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const concRps = requests / ((performance.now() - started) / 1000);
sampleRss();

const size = mib * 1024 * 1024;
started = performance.now();
const response = await fetch(`${base}/bytes?n=${size}`);
let received = 0;
let chunks = 0;
for await (const chunk of response.body) {
  received += chunk.length;
  if (++chunks % 64 === 0) sampleRss();
}
const mbS = size / ((performance.now() - started) / 1000) / 1e6;
if (received !== size) throw new Error(`received ${received} of ${size}`);
sampleRss();

console.log(
  JSON.stringify({ seq_rps: seqRps, conc_rps: concRps, mb_s: mbS, rss_mib: peakRss / 1048576 }),
);
