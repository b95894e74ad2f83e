// The ceiling: a node:http server that reads the body and answers 200 JSON, nothing else.
// BARE_BATCH=1 answers after the event-loop turn, batched the way createNcsNodeHandler
// does, so the receiver is never compared with a ceiling handicapped by answering early.
import './cpu-probe';
import { createServer, type ServerResponse } from 'node:http';

const reply = JSON.stringify({ ok: true, status: 'applied', noticeId: 'x' });
const send = (response: ServerResponse): void => {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(reply),
  });
  response.end(reply);
};
let queue: ServerResponse[] = [];
const flush = (): void => {
  const batch = queue;
  queue = [];
  for (const response of batch) send(response);
};
const answer =
  process.env['BARE_BATCH'] === '1'
    ? (response: ServerResponse) => {
        if (queue.push(response) === 1) setImmediate(flush);
      }
    : send;
const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => answer(response));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
