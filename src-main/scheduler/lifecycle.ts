/**
 * Lifecycle of a scheduled component: Discovered → Loaded → Active → Quiescing →
 * Loaded or Unloaded, plus Failed after repeated deadline strikes. Every transition is a
 * `state` event. `on-enable` failing leaves the component Loaded (its abilities stay
 * unregistered) with the error recorded; `on-disable` past its deadline is followed by
 * forced teardown (its worker is stopped by the deadline itself). Enable, disable and
 * dispose of one component run one at a time.
 */
import { FugueError, toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { ScheduledComponent } from './scheduled-component.ts';
import type { DisableReason, LifecycleState } from './types.ts';

const chains = new WeakMap<ScheduledComponent, Promise<unknown>>();

function serially<T>(component: ScheduledComponent, operation: () => Promise<T>): Promise<T> {
  const previous = chains.get(component) ?? Promise.resolve();
  const next = previous.then(operation, operation);
  chains.set(component, next.catch(() => undefined));
  return next;
}

export function transition(component: ScheduledComponent, to: LifecycleState, error?: FugueErrorData): void {
  const from = component.state;
  if (from === to) return;
  component.state = to;
  component.ctx.events.emit('state', { identity: component.identity, from, to, ...(error ? { error } : {}) });
}

/** Why a request cannot be accepted in the component's current state, if it cannot. */
export function refusalFor(component: ScheduledComponent, lifecycle: boolean): Omit<FugueErrorData, 'plugin'> | undefined {
  const { pluginId } = component.identity;
  switch (component.state) {
    case 'unloaded':
      return { code: 'disposed', message: `plugin ${pluginId} is unloaded` };
    case 'failed':
      return {
        code: 'plugin-failed',
        message: `plugin ${pluginId} was stopped after repeated failures${component.lastError ? ` (${component.lastError.message})` : ''}; re-enable it to try again`,
      };
    case 'quiescing':
      return lifecycle ? undefined : { code: 'disposed', message: `plugin ${pluginId} is being disabled; calls resume if it is enabled again` };
    default:
      return undefined;
  }
}

/** Records a deadline strike; enough of them within the window mark the component failed. */
export function strike(component: ScheduledComponent, error: FugueErrorData): void {
  if (!component.strikes.add()) return;
  if (component.state === 'unloaded' || component.state === 'quiescing' || component.state === 'failed') return;
  const { limit, windowMs } = component.strikes;
  const message =
    `Plugin ${component.identity.pluginId} was stopped: it failed ${limit} times within ${Math.round(windowMs / 1000)} s ` +
    `(last: ${error.message}). Re-enable it to try again; if it keeps happening, update or remove it.`;
  const data: FugueErrorData = { code: 'plugin-failed', message, plugin: component.identity, cause: error };
  component.lastError = data;
  component.wantEnabled = false;
  transition(component, 'failed', data);
  component.ctx.events.emit('failed', { identity: component.identity, message, error: data });
  component.rejectQueued(data);
  void component.releaseAll();
}

/** Runs `on-enable` in every instance (starting one if none runs); Active on success. */
export function enable(component: ScheduledComponent): Promise<void> {
  return serially(component, async () => {
    if (component.state === 'unloaded') throw new FugueError({ code: 'disposed', message: `plugin ${component.identity.pluginId} is unloaded`, plugin: component.identity });
    if (component.state === 'failed') {
      component.strikes.reset();
      component.lastError = undefined;
      transition(component, 'loaded');
    }
    component.wantEnabled = true;
    try {
      if (component.instances.length === 0) await component.start();
      await Promise.all(component.instances.filter((instance) => !instance.enabled).map((instance) => component.prepareIn(instance)));
      transition(component, 'active');
    } catch (error) {
      component.wantEnabled = false;
      const data = toFugueErrorData(error);
      component.lastError = data;
      component.ctx.events.emit('enable-failed', { identity: component.identity, error: data });
      throw error;
    }
  });
}

/** Quiesces (in-flight calls finish, new ones are refused), runs `on-disable`, and leaves the component Loaded. */
export function disable(component: ScheduledComponent, reason: DisableReason): Promise<void> {
  return serially(component, async () => {
    if (component.state !== 'active' && component.state !== 'loaded') {
      component.wantEnabled = false;
      return;
    }
    transition(component, 'quiescing');
    await drainWithin(component);
    const failures = await runOnDisable(component, reason);
    transition(component, 'loaded', failures[0]?.toData());
    if (failures[0]) throw failures[0];
  });
}

/** Quiesces, runs `on-disable` (best effort, within its deadline), releases every instance: Unloaded. */
export function dispose(component: ScheduledComponent, reason: DisableReason): Promise<void> {
  return serially(component, async () => {
    if (component.state === 'unloaded') return;
    if (component.state === 'active' || component.state === 'loaded') {
      transition(component, 'quiescing');
      await drainWithin(component);
      // Teardown proceeds whatever the plugin answers; a hang was already stopped by its deadline.
      await runOnDisable(component, reason);
    }
    component.wantEnabled = false;
    component.rejectQueued({ code: 'disposed', message: `plugin ${component.identity.pluginId} was unloaded while the call was waiting`, plugin: component.identity });
    await component.releaseAll();
    transition(component, 'unloaded');
  });
}

/** Waits for in-flight calls, but no longer than a lifecycle deadline (they have deadlines of their own). */
async function drainWithin(component: ScheduledComponent): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, component.spec.lifecycleTimeoutMs);
  });
  await Promise.race([component.drained(), limit]);
  clearTimeout(timer);
}

async function runOnDisable(component: ScheduledComponent, reason: DisableReason): Promise<FugueError[]> {
  component.wantEnabled = false;
  const enabled = component.instances.filter((instance) => instance.enabled);
  const outcomes = await Promise.allSettled(
    enabled.map(async (instance) => {
      try {
        await component.lifecycleIn(instance, 'on-disable', [reason]);
      } finally {
        instance.enabled = false;
      }
    }),
  );
  return outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason instanceof FugueError ? outcome.reason : new FugueError(toFugueErrorData(outcome.reason))] : []));
}
