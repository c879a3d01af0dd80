/**
 * `fugue devices [--json]`: the audio output devices, as the audio worker (the one thread
 * that loads naudiodon) sees them; `fugue play --sink device:<id>` plays to one.
 */
import { parseArgs } from 'node:util';
import { toFugueErrorData } from '../../src-shared/errors.ts';
import { AudioOutput } from '../audio/audio-output.ts';
import { EXIT, type CliIo } from './plugin-cli-support.ts';

export const DEVICES_USAGE = 'usage: fugue devices [--json]';

export async function runDevices(argv: readonly string[], io: CliIo): Promise<number> {
  let json: boolean;
  try {
    json = parseArgs({ args: [...argv], options: { json: { type: 'boolean' } }, strict: true }).values.json === true;
  } catch (error) {
    io.err(`${(error as Error).message}\n${DEVICES_USAGE}`);
    return EXIT.usage;
  }
  const output = new AudioOutput('fugue-devices');
  try {
    const devices = await output.listDevices();
    if (json) io.out(JSON.stringify(devices, null, 2));
    else if (devices.length === 0) io.out('no audio output devices found; check that a sound server (PulseAudio, PipeWire) or ALSA device is available');
    else for (const device of devices) io.out(`${device.isDefault ? '*' : ' '} ${String(device.id).padStart(3)}  ${device.name}  (${device.hostApi}, ${device.maxOutputChannels} ch, ${device.defaultSampleRate} Hz)`);
    return EXIT.ok;
  } catch (error) {
    io.err(`fugue devices: ${toFugueErrorData(error).message}`);
    return EXIT.failed;
  } finally {
    await output.dispose();
  }
}
