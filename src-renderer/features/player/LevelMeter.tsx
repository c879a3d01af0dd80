/**
 * The output level per channel, on a decibel scale (−60 dBFS to 0). It reads the levels
 * the playback slice keeps, which the bridge throttles, so it redraws a few times a
 * second, and only itself.
 */
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../app-context.tsx';

const FLOOR_DB = -60;

/** 0–1 on the meter for a linear peak 0–1. */
export function meterValue(linear: number): number {
  if (linear <= 0) return 0;
  const db = 20 * Math.log10(linear);
  return Math.max(0, Math.min(1, 1 - db / FLOOR_DB));
}

export function LevelMeter() {
  const [left, right] = useApp(useShallow((state) => state.levels.peak));
  return (
    <div className="player-levels">
      <Channel label="Left level" short="L" linear={left ?? 0} />
      <Channel label="Right level" short="R" linear={right ?? 0} />
    </div>
  );
}

function Channel({ label, short, linear }: { label: string; short: string; linear: number }) {
  const value = meterValue(linear);
  const db = linear <= 0 ? 'silent' : `${Math.round(20 * Math.log10(linear))} dBFS`;
  return (
    <div className="player-level">
      <span aria-hidden="true">{short}</span>
      <meter aria-label={label} aria-valuetext={db} min={0} max={1} low={0.9} high={0.98} optimum={0} value={value} />
    </div>
  );
}
