/**
 * The source of a sidecar for channel tests: it connects to FUGUE_DATA and FUGUE_CONTROL
 * (sending FUGUE_CHANNEL_TOKEN first), echoes everything on the data channel, exits 0 on
 * a `stop` message on the control channel, and reports its environment on stderr. Under
 * stdio it echoes stdin to stdout. Written as a node script so it runs wherever the host does.
 */
export const ECHO_SIDECAR = `#!/usr/bin/env node
const net = require('node:net');
const env = process.env;
process.stderr.write('transport=' + env.FUGUE_TRANSPORT + ' data=' + env.FUGUE_DATA + ' control=' + env.FUGUE_CONTROL + ' owner=' + env.FUGUE_OWNER_PID + '\\n');
function connect(address) {
  if (address.startsWith('unix:') || address.startsWith('pipe:')) return net.connect(address.slice(5));
  const [, host, port] = address.split(':');
  return net.connect(Number(port), host);
}
if (env.FUGUE_DATA === 'stdio') {
  process.stdin.pipe(process.stdout);
} else {
  const data = connect(env.FUGUE_DATA);
  data.write(env.FUGUE_CHANNEL_TOKEN + '\\n');
  data.pipe(data);
  const control = connect(env.FUGUE_CONTROL);
  control.write(env.FUGUE_CHANNEL_TOKEN + '\\n');
  control.on('data', (chunk) => {
    if (!chunk.toString().includes('"op":"stop"')) return;
    process.stderr.write('got stop\\n');
    process.exit(0);
  });
}
`;
