/** The transport row (previous, play/pause, stop, next), repeat and shuffle, volume and the output picker. */
import type { PlayerStatus } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { CommitSlider } from './CommitSlider.tsx';

export function Transport() {
  const commands = useCommands();
  const playing = useApp((state) => state.playState === 'playing');
  const stopped = useApp((state) => state.playState === 'stopped');
  const empty = useApp((state) => state.queue.length === 0);
  const idle = useApp((state) => state.connection !== 'open' || !state.statusLoaded);
  return (
    <div className="player-transport" role="group" aria-label="Transport">
      <button type="button" onClick={() => void commands.previous()} disabled={idle || empty}>
        Previous
      </button>
      <button type="button" className="primary player-toggle" onClick={() => void commands.togglePlay()} disabled={idle || (empty && !playing)}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => void commands.stop()} disabled={idle || stopped}>
        Stop
      </button>
      <button type="button" onClick={() => void commands.next()} disabled={idle || empty}>
        Next
      </button>
    </div>
  );
}

const REPEAT_LABELS: Record<PlayerStatus['repeat'], string> = { off: 'Off', all: 'All', one: 'One' };

export function PlayModes() {
  const commands = useCommands();
  const repeat = useApp((state) => state.repeat);
  const shuffle = useApp((state) => state.shuffle);
  const idle = useApp((state) => state.connection !== 'open' || !state.statusLoaded);
  return (
    <div className="player-modes">
      <label>
        Repeat{' '}
        <select aria-label="Repeat" value={repeat} disabled={idle} onChange={(event) => void commands.setRepeat(event.target.value as PlayerStatus['repeat'])}>
          {Object.entries(REPEAT_LABELS).map(([mode, label]) => (
            <option key={mode} value={mode}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={shuffle} disabled={idle} onChange={(event) => void commands.setShuffle(event.target.checked)} /> Shuffle
      </label>
    </div>
  );
}

export function VolumeAndOutput() {
  const commands = useCommands();
  const volume = useApp((state) => Math.round(state.volume * 100));
  const output = useApp((state) => state.output);
  const outputs = useApp((state) => state.outputs);
  const idle = useApp((state) => state.connection !== 'open' || !state.statusLoaded);
  const known = outputs.some((choice) => choice.id === output);
  return (
    <div className="player-output">
      <label className="player-volume">
        <span aria-hidden="true">Volume</span>
        <CommitSlider label="Volume" value={volume} max={100} disabled={idle} valueText={(value) => `${value}%`} onCommit={(value) => void commands.setVolume(value / 100)} />
      </label>
      <label>
        <span aria-hidden="true">Output</span>{' '}
        <select aria-label="Output" value={output} disabled={idle || outputs.length === 0} onChange={(event) => void commands.setOutput(event.target.value)}>
          {known ? null : <option value={output}>{output}</option>}
          {outputs.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
