// Imported by the bench's servers: answers a "cpu" line on stdin with this
// process's CPU time in µs, so the bench can report server CPU per request.
// Off the request path: the servers' request handlers do not change.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (!text.includes('cpu')) return;
  const usage = process.cpuUsage();
  process.stdout.write(`cpu ${usage.user + usage.system}\n`);
});
