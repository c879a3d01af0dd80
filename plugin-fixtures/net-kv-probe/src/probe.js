// A lyrics component (componentize-qjs) that calls http-client and kv as its query title
// asks (a JSON command) and answers with a JSON report of what the host returned.
import { fetch } from 'fugue:plugin/http-client@0.1.0';
import { get, set, delete as remove, listKeys } from 'fugue:plugin/kv@0.1.0';

const errorOf = (error) => (error && typeof error === 'object' && 'payload' in error ? error.payload : String(error));
const text = (bytes) => {
  let out = '';
  for (let index = 0; index < bytes.length; index += 1) out += String.fromCharCode(bytes[index]);
  return out;
};
const bytesOf = (value) => Uint8Array.from(value, (char) => char.charCodeAt(0));

const commands = {
  fetch(command) {
    const response = fetch({ method: 'get', url: command.url, headers: [], body: undefined, timeoutMs: undefined });
    return { status: response.status, body: text(response.body) };
  },
  get(command) {
    const value = get(command.key);
    return value === undefined || value === null ? null : text(value);
  },
  set(command) {
    set(command.key, bytesOf(command.value));
    return true;
  },
  delete(command) {
    return remove(command.key);
  },
  list(command) {
    return listKeys(command.prefix ?? '');
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
    return { body: { tag: 'plain', val: JSON.stringify(report) }, provider: 'net-kv-probe', language: undefined };
  },
};
