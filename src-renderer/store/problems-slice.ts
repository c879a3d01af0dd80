/**
 * Plugin problems the user should see and act on: an effect that stopped working, a track
 * a plugin could not play, an output that failed, a plugin that failed. The bridge reports
 * host events here; a repeat of the same problem (same plugin, same kind) updates the one
 * shown and counts it rather than stacking alerts.
 */
import type { StateCreator } from 'zustand';
import type { EffectRef, OutputChoice, PluginSummary, TrackRefParam } from '../../src-shared/contract/index.ts';
import type { FugueErrorData } from '../../src-shared/errors.ts';

interface ProblemBase {
  /** What makes two reports the same problem, e.g. `effect:org.a.eq/eq10`. */
  key: string;
  message: string;
  /** How many times it was reported since it was first shown. */
  count: number;
  pluginId?: string;
}

export type Problem = ProblemBase &
  (
    | { kind: 'effect-bypassed' | 'effect-soft-error'; effect: EffectRef | undefined; effectName: string }
    | { kind: 'track'; entryId: number; track: TrackRefParam }
    | { kind: 'output'; sink: string; transient: boolean }
    | { kind: 'plugin' }
  );

/** A problem as reported, before it is counted. */
export type ProblemReport = Problem extends infer P ? (P extends Problem ? Omit<P, 'count'> : never) : never;

export interface ProblemsSlice {
  problems: Problem[];
  /** The outputs offered after an output failed (loaded when the user asks for them). */
  outputChoices: OutputChoice[] | undefined;
  /** Why the last action taken from a problem (skip, switch output) did not work. */
  problemActionError: string | undefined;
  reportProblem(report: ProblemReport): void;
  dismissProblem(key: string): void;
  /** Follows `plugins.changed`: a failed plugin is reported, one that runs again is cleared. */
  notePluginStatus(pluginId: string, summary: PluginSummary | undefined): void;
  setOutputChoices(choices: OutputChoice[] | undefined): void;
  setProblemActionError(message: string | undefined): void;
}

export const createProblemsSlice: StateCreator<ProblemsSlice, [], [], ProblemsSlice> = (set) => ({
  problems: [],
  outputChoices: undefined,
  problemActionError: undefined,
  reportProblem: (report) => set((state) => ({ problems: withReport(state.problems, report) })),
  dismissProblem: (key) => set((state) => ({ problems: state.problems.filter((problem) => problem.key !== key), problemActionError: undefined })),
  notePluginStatus: (pluginId, summary) =>
    set((state) => {
      const key = `plugin:${pluginId}`;
      if (summary?.status !== 'failed') return state.problems.some((problem) => problem.key === key) ? { problems: state.problems.filter((problem) => problem.key !== key) } : {};
      const message = summary.lastError?.message ?? 'it stopped and did not start again';
      return { problems: withReport(state.problems, { kind: 'plugin', key, pluginId, message }) };
    }),
  setOutputChoices: (choices) => set({ outputChoices: choices }),
  setProblemActionError: (message) => set({ problemActionError: message }),
});

function withReport(problems: readonly Problem[], report: ProblemReport): Problem[] {
  const index = problems.findIndex((problem) => problem.key === report.key);
  if (index < 0) return [...problems, { ...report, count: 1 } as Problem];
  return problems.map((problem, i) => (i === index ? ({ ...report, count: problem.count + 1 } as Problem) : problem));
}

/** A `player.effect` event as a problem; `reset` is routine and reports nothing. */
export function effectProblem(payload: { kind: 'bypassed' | 'reset' | 'soft-error'; effect: string; message: string }): ProblemReport | undefined {
  if (payload.kind === 'reset') return undefined;
  const effect = parseEffect(payload.effect);
  const kind = payload.kind === 'bypassed' ? 'effect-bypassed' : 'effect-soft-error';
  return { kind, key: `${kind}:${payload.effect}`, effect, effectName: payload.effect, message: payload.message, ...(effect === undefined ? {} : { pluginId: effect.pluginId }) };
}

/** A `player.trackError` event: one problem per plugin at fault (or per track when none is named). */
export function trackProblem(payload: { entryId: number; track: TrackRefParam; error: FugueErrorData }): ProblemReport {
  const pluginId = payload.error.plugin?.pluginId;
  const key = pluginId === undefined ? `track:${payload.entryId}` : `track-plugin:${pluginId}`;
  return { kind: 'track', key, entryId: payload.entryId, track: payload.track, message: payload.error.message, ...(pluginId === undefined ? {} : { pluginId }) };
}

/** A `player.sinkFailed` event (the output is gone; `transient` when the device may come back). */
export function outputProblem(payload: { sink: string; message: string; transient: boolean }): ProblemReport {
  const pluginId = /^plugin:([^/]+)\//.exec(payload.sink)?.[1];
  return { kind: 'output', key: `output:${payload.sink}`, sink: payload.sink, transient: payload.transient, message: payload.message, ...(pluginId === undefined ? {} : { pluginId }) };
}

/** `<plugin-id>/<type-id>` back into its parts (undefined for a label of another shape). */
function parseEffect(label: string): EffectRef | undefined {
  const slash = label.lastIndexOf('/');
  if (slash <= 0 || slash === label.length - 1) return undefined;
  return { pluginId: label.slice(0, slash), typeId: label.slice(slash + 1) };
}
