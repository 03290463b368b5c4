// Node side of benchmarks/streams_bench.py: 1 GiB in 64 KiB chunks through
// ReadableStream.from() -> pipeThrough(new TransformStream()) -> async iteration.
// Prints one JSON line: {"seconds": ..., "bytes": ..., "peak_rss": ...}.
const total = Number(process.argv[2] ?? 2 ** 30);
const chunkSize = Number(process.argv[3] ?? 65536);
const chunk = new Uint8Array(chunkSize);
const count = Math.floor(total / chunkSize);

function* chunks() {
  for (let i = 0; i < count; i++) yield chunk;
}

const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let received = 0;
for await (const c of ReadableStream.from(chunks()).pipeThrough(new TransformStream())) {
  received += c.byteLength;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({
  seconds, cpu_seconds: cpuSeconds, bytes: received, peak_rss: process.resourceUsage().maxRSS * 1024,
}));
