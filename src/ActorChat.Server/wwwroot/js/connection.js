// One WebSocket to the server: each text message is one protocol frame (one JSON object),
// both ways. It pings now and then (the server closes a silent client with bye "idle") and
// gives the connection up when nothing at all comes back within the pong timeout, since a
// browser may take minutes to notice a dead network on its own (the console client's
// ChatConnection does the same).

let pingCount = 0;

export class Connection {
  /**
   * @param {string} url ws: or wss: URL of /ws
   * @param {{onOpen(): void, onFrame(frame: object): void, onUnreadable(text: string): void, onClose(why: string): void}} handlers
   */
  constructor(url, handlers, { pingIntervalMs = 30000, pongTimeoutMs = 15000 } = {}) {
    this.url = url;
    this.handlers = handlers;
    this.pingIntervalMs = pingIntervalMs;
    this.pongTimeoutMs = pongTimeoutMs;
    this.socket = null;
    this.closed = false;
    this.pingTimer = null;
    this.pongTimer = null;
    /** The bye reason the server gave before closing, if any. */
    this.byeReason = null;
  }

  open() {
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      queueMicrotask(() => this.end(`cannot open a WebSocket (${e.message})`));
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.closed) return;
      this.pingTimer = setInterval(() => this.ping(), this.pingIntervalMs);
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (event) => {
      if (this.closed) return;
      this.alive();
      if (typeof event.data !== 'string') {
        this.handlers.onUnreadable('a binary message');
        return;
      }
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        this.handlers.onUnreadable(event.data);
        return;
      }
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame) || typeof frame.type !== 'string') {
        this.handlers.onUnreadable(event.data);
        return;
      }
      if (frame.type === 'bye') this.byeReason = typeof frame.reason === 'string' ? frame.reason : null;
      this.handlers.onFrame(frame);
    });
    socket.addEventListener('close', (event) => {
      const opened = this.pingTimer !== null;
      this.end(opened ? describeClose(event, this.byeReason) : 'cannot reach the server');
    });
    // 'error' is always followed by 'close', which tells the rest.
  }

  get isOpen() {
    return !this.closed && this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends one frame; false when the connection is not open (the caller keeps what matters). */
  send(frame) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Closes on purpose; onClose is not called. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    try {
      this.socket?.close(1000);
    } catch {
      // already closing
    }
  }

  ping() {
    this.send({ type: 'ping', id: 'ping-' + ++pingCount });
    // Any frame proves the server alive, so every message cancels the timer, not only a pong.
    if (this.pongTimer === null) {
      this.pongTimer = setTimeout(() => {
        try {
          this.socket?.close(4000, 'no answer');
        } catch {
          // closing anyway
        }
        this.end(`no answer from the server within ${Math.round(this.pongTimeoutMs / 1000)} s`);
      }, this.pongTimeoutMs);
    }
  }

  alive() {
    if (this.pongTimer !== null) {
      clearTimeout(this.pongTimer);
      this.pongTimer = null;
    }
  }

  stopTimers() {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.alive();
  }

  end(why) {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    this.handlers.onClose(why);
  }
}

function describeClose(event, byeReason) {
  if (byeReason) return `the server closed the connection (bye: ${byeReason})`;
  if (event.code === 1000 || event.code === 1001) return 'the server closed the connection';
  return 'the connection was lost';
}
