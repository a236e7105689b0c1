// ws-broadcast.js: the reference for quorum-loadgen, a minimal broadcast server on the npm package ws speaking the live channel's subset: hello → welcome, present → page to everyone.
// Copyright 2026 The Quorum authors
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
// No permessage-deflate (ws's server default too), like quorum-server.
const wss = new WebSocketServer({
  host: '127.0.0.1', port, backlog: 1024, perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('quorum.v1') ? 'quorum.v1' : false),
});
let seq = 0;

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    let m;
    try { m = JSON.parse(data); } catch { return ws.close(4400); }
    if (m.type === 'hello')
      ws.send(JSON.stringify({ type: 'welcome', seq, epoch: 'reference', you: { user: 0 } }));
    else if (m.type === 'present') {
      // Serialised once, the same bytes to everyone.
      const frame = Buffer.from(JSON.stringify({ type: 'page', seq: ++seq, doc: m.doc, page: m.page, by: 0 }));
      for (const client of wss.clients) client.send(frame, { binary: false });
    }
  });
});
wss.on('listening', () => console.log(`listening on http://127.0.0.1:${wss.address().port}/`));
