// A hostile plugin: each lyrics query title names an attack, and the "lyrics" it returns
// report what the attack achieved, so tests can see exactly what the sandbox allowed.
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { getEnvironment, getArguments } from 'wasi:cli/environment@0.2.12';
import { exit } from 'wasi:cli/exit@0.2.12';
import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';
import { write } from 'fugue:plugin/log@0.1.0';

const describe = (error) => (error && typeof error === 'object' && 'payload' in error ? String(error.payload) : String(error));

function readWholeFile(descriptor) {
  const stream = descriptor.readViaStream(0);
  const chunks = [];
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(4096);
    } catch {
      break; // end of stream is reported as an error by wasi:io
    }
    if (chunk.length === 0) break;
    chunks.push(...chunk);
  }
  return String.fromCharCode(...chunks);
}

function tryOpen(descriptor, path) {
  try {
    const file = descriptor.openAt({}, path, {}, { read: true });
    return `read ${path}: ${JSON.stringify(readWholeFile(file))}`;
  } catch (error) {
    return `open ${path} denied: ${describe(error)}`;
  }
}

function readHostFile() {
  const preopens = getDirectories();
  const report = [`preopens: ${preopens.map(([, path]) => path).join(',') || 'none'}`];
  for (const [descriptor, path] of preopens) {
    report.push(tryOpen(descriptor, '/etc/hostname'));
    report.push(tryOpen(descriptor, '../../../../../../etc/hostname'));
    report.push(`${path}: ${tryOpen(descriptor, 'note.txt')}`);
  }
  return report.join('\n');
}

function readEnvironment() {
  const env = getEnvironment();
  return `env: ${env.length} variables ${JSON.stringify(env)}; args: ${JSON.stringify(getArguments())}`;
}

function openSocket() {
  try {
    const socket = createTcpSocket('ipv4');
    try {
      socket.startConnect(instanceNetwork(), { tag: 'ipv4', val: { port: 9, address: [127, 0, 0, 1] } });
      socket.finishConnect();
      return 'socket: connected';
    } catch (error) {
      return `socket connect denied: ${describe(error)}`;
    }
  } catch (error) {
    return `socket create denied: ${describe(error)}`;
  }
}

const attacks = {
  'read-file': readHostFile,
  env: readEnvironment,
  socket: openSocket,
  exit() {
    exit({ tag: 'err' });
    return 'exit returned';
  },
  trap() {
    throw new Error('hostile plugin throws past its result type');
  },
  loop() {
    for (;;) {
      // spin until the host's deadline stops the worker
    }
  },
};

export const lifecycle = {
  onEnable() {
    write('warn', 'hostile fixture enabled');
  },
  onDisable() {},
};

export const settings = {
  apply() {
    return 'applied';
  },
};

export const lyrics = {
  find(query) {
    const attack = attacks[query.title];
    if (!attack) return undefined;
    return { body: { tag: 'plain', val: attack() }, provider: 'hostile-js', language: undefined };
  },
};
