// One worker process of bench/fanout.ts: opens SSE streams to one channel,
// counts the join frames every stream gets, and measures event-to-client
// latency on a sample of streams against the scheduled send time each join
// carries in its member's account (µs), so no message per event is needed.
import { connect, type Socket } from 'node:net';

const port = Number(process.env['FANOUT_PORT']);
const count = Number(process.env['FANOUT_STREAMS']);
const channel = process.env['FANOUT_CHANNEL'] ?? 'fan';
/** every SAMPLE-th stream parses uids for latency; the others only count frames */
const SAMPLE = Number(process.env['FANOUT_SAMPLE'] ?? '10');
const now = (): number => performance.timeOrigin + performance.now();

/** latency histogram, 0.1 ms bins up to 10 s (the last bin: beyond) */
const histogram = new Uint32Array(100_001);
let joins = 0;
let snapshots = 0;
const sockets: Socket[] = [];

function record(sentUs: number, at: number): void {
  const bin = Math.min(100_000, Math.max(0, Math.round((at - sentUs / 1000) * 10)));
  histogram[bin] = (histogram[bin] ?? 0) + 1;
}

function open(index: number): void {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const sampled = index % SAMPLE === 0;
  let tail = '';
  let gotSnapshot = false;
  socket.setEncoding('utf8');
  socket.on('connect', () => {
    socket.write(
      `GET /channels/${channel}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
    );
  });
  socket.on('data', (chunk: string) => {
    const at = now();
    const text = tail + chunk;
    let from = 0;
    for (;;) {
      const i = text.indexOf('event: join\n', from);
      if (i < 0) break;
      const end = text.indexOf('\n\n', i);
      if (end < 0) break;
      joins += 1;
      if (sampled) {
        const m = /"account":"(\d+)"/.exec(text.slice(i, end));
        if (m?.[1]) record(Number(m[1]), at);
      }
      from = end + 2;
    }
    if (!gotSnapshot && text.includes('event: snapshot\n')) {
      gotSnapshot = true;
      snapshots += 1;
      if (snapshots === count) process.send?.({ type: 'ready' });
    }
    // keep an unfinished frame for the next chunk
    const lastEnd = text.lastIndexOf('\n\n');
    tail = text.slice(Math.max(from, lastEnd + 2));
    if (tail.length > 4096) tail = tail.slice(-4096);
  });
  socket.on('error', (error) => process.send?.({ type: 'error', message: String(error) }));
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send?.({ type: 'report', joins, histogram: Array.from(histogram) });
  } else if (message.type === 'stop') {
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }
});

// open gradually: a burst of thousands of SYNs at once overflows the listen backlog
let opened = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 100 && opened < count; i += 1) open(opened++);
  if (opened >= count) clearInterval(timer);
}, 10);
