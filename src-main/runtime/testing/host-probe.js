// A lyrics component (componentize-qjs) that exercises the host services: the query title
// is a JSON command, and the "lyrics" it returns are a JSON report of what happened.
import { fetch } from 'fugue:plugin/http-client@0.1.0';
import { open, listDirectory } from 'fugue:plugin/host-stream@0.1.0';
import { write } from 'fugue:plugin/log@0.1.0';

const json = (value) => JSON.stringify(value, (_, item) => (typeof item === 'bigint' ? item.toString() : item));
const errorOf = (error) => (error && typeof error === 'object' && 'payload' in error ? error.payload : String(error));
const text = (bytes) => {
  let out = '';
  for (let index = 0; index < bytes.length; index += 1) out += String.fromCharCode(bytes[index]);
  return out;
};

function readAll(stream, max) {
  let out = '';
  for (;;) {
    const chunk = stream.read(max);
    if (chunk.length === 0) return out;
    out += text(chunk);
  }
}

const commands = {
  fetch(command) {
    const response = fetch({ method: command.method ?? 'get', url: command.url, headers: [], body: undefined, timeoutMs: command.timeoutMs });
    return { status: response.status, body: text(response.body) };
  },
  read(command) {
    const stream = open(command.uri);
    const capabilities = stream.capabilities();
    if (command.seek !== undefined) stream.seek(command.seek);
    const body = readAll(stream, command.max ?? 65536);
    const report = { length: stream.length(), seekable: capabilities.seekable, position: stream.position(), body };
    stream[Symbol.dispose]?.();
    return report;
  },
  list(command) {
    return listDirectory(command.uri).map((entry) => ({ name: entry.name, dir: entry.isDirectory, size: entry.size }));
  },
  log(command) {
    for (let index = 0; index < command.count; index += 1) write('info', `line ${index}`);
    return { logged: command.count };
  },
};

export const lifecycle = { onEnable() {}, onDisable() {} };
export const settings = { apply: () => 'applied' };
export const lyrics = {
  find(query) {
    const command = JSON.parse(query.title);
    let report;
    try {
      report = { ok: commands[command.op](command) };
    } catch (error) {
      report = { error: errorOf(error) };
    }
    return { body: { tag: 'plain', val: json(report) }, provider: 'host-probe', language: undefined };
  },
};
