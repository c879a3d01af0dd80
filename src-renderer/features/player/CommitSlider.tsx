/**
 * A range input that follows the host's value but sends the user's only when they let
 * go: a pointer drag shows the value under the thumb and commits once on release;
 * keyboard steps (arrows, Page, Home/End) commit at once, as each is one decision.
 */
import { useState, type ChangeEvent, type PointerEvent } from 'react';

interface CommitSliderProps {
  label: string;
  value: number;
  max: number;
  step?: number;
  disabled?: boolean;
  /** What a screen reader says for the value (e.g. "1:05 of 3:20"). */
  valueText: (value: number) => string;
  onCommit: (value: number) => void;
  className?: string;
}

export function CommitSlider({ label, value, max, step = 1, disabled = false, valueText, onCommit, className }: CommitSliderProps) {
  // While dragging: the value under the thumb; undefined otherwise (the host's value shows).
  const [dragged, setDragged] = useState<number | undefined>(undefined);
  const [pointerDown, setPointerDown] = useState(false);
  const shown = dragged ?? Math.min(value, max);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const next = Number(event.target.value);
    if (pointerDown) setDragged(next);
    else onCommit(next);
  };
  const release = () => {
    setPointerDown(false);
    if (dragged !== undefined) onCommit(dragged);
    setDragged(undefined);
  };

  return (
    <input
      type="range"
      className={className}
      aria-label={label}
      aria-valuetext={valueText(shown)}
      min={0}
      max={max}
      step={step}
      value={shown}
      disabled={disabled}
      onChange={onChange}
      onPointerDown={(event: PointerEvent<HTMLInputElement>) => {
        // Capture, so the release reaches the slider even when the pointer left it.
        event.currentTarget.setPointerCapture?.(event.pointerId);
        setPointerDown(true);
      }}
      onPointerUp={release}
      onPointerCancel={release}
      onBlur={() => (pointerDown ? release() : undefined)}
    />
  );
}
