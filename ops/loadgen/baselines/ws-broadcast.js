// Baseline: the Node.js `ws` broadcast server (the most common alternative). Every text message received is
// sent to every connected client. Run: (cd ops/loadgen/baselines && npm install && node ws-broadcast.js 9301)
const { WebSocketServer, WebSocket } = require('ws');
const port = Number(process.argv[2] || 9301);
const server = new WebSocketServer({ port, perMessageDeflate: false });
server.on('connection', socket => {
  socket.on('message', (data, isBinary) => {
    for (const client of server.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
});
console.log(`ws broadcast server on ws://localhost:${port}/`);
