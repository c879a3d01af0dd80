/**
 * The plugin problems of this session, each an alert that says what happened, names the
 * plugin and offers what the user can do: remove a failed effect from the chain, skip a
 * track, choose another output, show the plugin, or dismiss the alert.
 */
import { useState } from 'react';
import type { EffectRef } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { effectKey, effectLabel } from '../../store/effects-slice.ts';
import { pluginLabel } from '../../store/plugins-slice.ts';
import type { Problem } from '../../store/problems-slice.ts';
import { describeProblem, type ProblemNames } from './problem-text.ts';

export function ProblemBanner() {
  const problems = useApp((state) => state.problems);
  const plugins = useApp((state) => state.plugins);
  const choices = useApp((state) => state.effectChoices);
  const actionError = useApp((state) => state.problemActionError);
  if (problems.length === 0) return null;
  const names: ProblemNames = {
    plugin: (pluginId) => {
      const plugin = plugins.find((entry) => entry.id === pluginId);
      return plugin === undefined ? pluginId : pluginLabel(plugin);
    },
    effect: (key) => effectLabel(choices, key),
  };
  return (
    <section className="problems" aria-label="Problems">
      {problems.map((problem) => (
        <ProblemAlert key={problem.key} problem={problem} names={names} />
      ))}
      {actionError === undefined ? null : (
        <p role="alert" className="problems-action-error">
          {actionError}
        </p>
      )}
    </section>
  );
}

function ProblemAlert({ problem, names }: { problem: Problem; names: ProblemNames }) {
  const { summary, advice } = describeProblem(problem, names);
  return (
    <div role="alert" className="problems-item">
      <p className="problems-summary">{summary}</p>
      <p className="problems-advice">{advice}</p>
      <div className="problems-actions">
        <ProblemActions problem={problem} />
      </div>
    </div>
  );
}

function ProblemActions({ problem }: { problem: Problem }) {
  const commands = useCommands();
  const showView = useApp((state) => state.showView);
  const dismiss = useApp((state) => state.dismissProblem);
  const { pluginId } = problem;
  const showPlugin = () => {
    if (pluginId === undefined) return;
    showView('plugins');
    void commands.select(pluginId);
  };
  return (
    <>
      {(problem.kind === 'effect-bypassed' || problem.kind === 'effect-soft-error') && problem.effect !== undefined ? (
        <RemoveFromChain problemKey={problem.key} effect={problem.effect} />
      ) : null}
      {problem.kind === 'track' ? (
        <button type="button" onClick={() => void commands.skipFailedTrack(problem.key, problem.entryId)}>
          Skip track
        </button>
      ) : null}
      {problem.kind === 'output' ? <ChooseOutput problemKey={problem.key} /> : null}
      {pluginId === undefined ? null : (
        <button type="button" onClick={showPlugin}>
          Show plugin
        </button>
      )}
      <button type="button" onClick={() => dismiss(problem.key)}>
        Dismiss
      </button>
    </>
  );
}

/** Offered only while the effect is still in the chain. */
function RemoveFromChain({ problemKey, effect }: { problemKey: string; effect: EffectRef }) {
  const commands = useCommands();
  const key = effectKey(effect);
  const inChain = useApp((state) => state.effectChain.some((entry) => effectKey(entry) === key));
  if (!inChain) return null;
  return (
    <button type="button" onClick={() => void commands.removeFailedEffect(problemKey, effect)}>
      Remove from chain
    </button>
  );
}

/** "Choose another output": lists the outputs when asked, then switches to the one picked. */
function ChooseOutput({ problemKey }: { problemKey: string }) {
  const commands = useCommands();
  const choices = useApp((state) => state.outputChoices);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  if (choices === undefined) {
    return (
      <button type="button" onClick={() => void commands.loadOutputChoices()}>
        Choose another output
      </button>
    );
  }
  const output = picked ?? choices[0]?.id;
  return (
    <>
      <select aria-label="Another output" value={output ?? ''} onChange={(event) => setPicked(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      <button type="button" disabled={output === undefined} onClick={() => output !== undefined && void commands.switchOutputAfterFailure(problemKey, output)}>
        Switch output
      </button>
    </>
  );
}
