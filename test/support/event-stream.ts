const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SseEvent {
  event: string;
  id?: string;
  data: any;
  /** performance.now() when the event was parsed. */
  at: number;
}

/** A server-sent-events client over fetch: parses `event:` / `id:` / `data:` blocks as they arrive. */
export class EventStream {
  readonly events: SseEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly controller = new AbortController();
  private buffer = '';
  response!: Response;
  /** Set when the server ended the stream. */
  ended = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
    const stream = new EventStream();
    stream.response = await fetch(url, { signal: stream.controller.signal, headers: { accept: 'text/event-stream', ...headers } });
    if (stream.response.ok && stream.response.body) void stream.pump(stream.response.body.getReader());
    return stream;
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          this.ended = true;
          for (const l of this.listeners) l();
          return;
        }
        this.buffer += decoder.decode(value, { stream: true });
        for (let end = this.buffer.search(/\r?\n\r?\n/); end >= 0; end = this.buffer.search(/\r?\n\r?\n/)) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          this.parse(block);
        }
      }
    } catch {
      // aborted
    }
  }

  private parse(block: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      const m = /^([^:]*):?\s?(.*)$/.exec(line);
      if (!m || line.startsWith(':')) continue;
      if (m[1] === 'event') event = m[2]!;
      else if (m[1] === 'id') id = m[2];
      else if (m[1] === 'data') data.push(m[2]!);
    }
    if (data.length === 0) return;
    const text = data.join('\n');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text data
    }
    this.events.push({ event, id, data: parsed, at: performance.now() });
    for (const l of this.listeners) l();
  }

  /** The first event (already received or still to come) that matches; rejects after `ms`. */
  next(match: (e: SseEvent) => boolean, ms: number): Promise<SseEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (!found) return false;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(found);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`));
      }, ms);
      this.listeners.add(listener);
      check();
    });
  }

  /** Resolves once the server has closed the stream; rejects after `ms`. */
  async closedWithin(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while (!this.ended) {
      if (performance.now() > deadline) throw new Error(`still open after ${ms} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await sleep(25);
    }
  }

  alertsFor(caseId: string): SseEvent[] {
    return this.events.filter((e) => e.event === 'alert' && e.data?.caseId === caseId);
  }

  close(): void {
    this.controller.abort();
  }
}
