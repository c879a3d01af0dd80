/**
 * A plugin problem in plain words: what happened, naming the plugin, and what the user can
 * do about it. Names are looked up when the alert is drawn, so a plugin whose name arrives
 * after the event is still shown by name.
 */
import type { TrackRefParam } from '../../../src-shared/contract/index.ts';
import type { Problem } from '../../store/problems-slice.ts';

export interface ProblemNames {
  /** The display name of a plugin (its id when unknown). */
  plugin(pluginId: string): string;
  /** The display name of an effect by its `<plugin-id>/<type-id>` key. */
  effect(key: string): string;
}

export interface ProblemText {
  summary: string;
  advice: string;
}

export function describeProblem(problem: Problem, names: ProblemNames): ProblemText {
  const repeated = problem.count > 1 ? ` (reported ${problem.count} times)` : '';
  const text = describeKind(problem, names);
  return { summary: `${text.summary}${repeated}`, advice: text.advice };
}

function describeKind(problem: Problem, names: ProblemNames): ProblemText {
  const plugin = problem.pluginId === undefined ? undefined : names.plugin(problem.pluginId);
  const message = sentence(problem.message);
  switch (problem.kind) {
    case 'effect-bypassed':
      return {
        summary: `${effectWho(plugin, names.effect(problem.effectName))} stopped working and was bypassed: ${sentence(withoutPrefix(problem.message, `${problem.effectName} is bypassed: `))}`,
        advice: 'Playback continues without it. Remove it from the effect chain, or show the plugin to disable or uninstall it.',
      };
    case 'effect-soft-error':
      return {
        summary: `${effectWho(plugin, names.effect(problem.effectName))} reported a problem: ${message}`,
        advice: 'It keeps running. If the sound is wrong, bypass it or remove it from the effect chain.',
      };
    case 'track':
      return {
        summary: `${trackName(problem.track)} could not be played${plugin === undefined ? '' : ` by ${plugin}`}: ${message}`,
        advice: 'Fugue moves on to the next track in the queue. Skip it now, or show the plugin to see what went wrong.',
      };
    case 'output':
      return {
        summary: `The output ${plugin ?? outputName(problem.sink)} stopped working: ${message}`,
        advice: problem.transient ? 'The device may come back by itself; choose another output to keep listening now.' : 'Choose another output to keep listening on the one you want.',
      };
    case 'plugin':
      return {
        summary: `${plugin ?? 'A plugin'} failed: ${message}`,
        advice: 'What it provides is unavailable until it runs again. Show the plugin to read its event log, then enable it again or uninstall it.',
      };
  }
}

/** `Parametric EQ (10-band parametric EQ)`, or just one of them when they say the same. */
function effectWho(plugin: string | undefined, effect: string): string {
  if (plugin === undefined || plugin === effect) return effect;
  return `${plugin} (${effect})`;
}

function trackName(track: TrackRefParam): string {
  if (track.kind === 'source') return track.title === undefined ? `Track ${track.itemId}` : `“${track.title}”`;
  const file = track.path.split(/[\\/]/).pop() ?? track.path;
  return `“${file}”`;
}

function outputName(sink: string): string {
  if (sink === 'default') return 'system default device';
  if (sink.startsWith('device:')) return `device ${sink.slice('device:'.length)}`;
  return sink;
}

/** The host's chain names the effect at the start of its message; the alert names it already. */
function withoutPrefix(message: string, prefix: string): string {
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** The host's message as the end of a sentence (one final full stop). */
function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
