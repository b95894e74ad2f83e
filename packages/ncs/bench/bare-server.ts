// The ceiling: a node:http server that reads the body and answers 200 JSON, nothing else.
import { createServer } from 'node:http';

const reply = JSON.stringify({ ok: true, status: 'applied', noticeId: 'x' });
const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(reply),
    });
    response.end(reply);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
