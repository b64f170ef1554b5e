import type { RunEvent } from './api/client';

export type LiveStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export interface SwapInfo {
  from: string;
  to: string;
  reason: string;
}

export interface LiveStep {
  status: LiveStatus;
  attempts: number;
  provider?: string;
  swaps: SwapInfo[];
  error?: string;
}

export type LiveSteps = Record<string, LiveStep>;

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

/** Folds one run event into the per-step live state the canvas draws (event names: docs/runs.md). */
export function applyEvent(steps: LiveSteps, event: RunEvent): LiveSteps {
  const id = str(event.data.stepId);
  if (!id) return steps;
  const step: LiveStep = steps[id] ?? { status: 'running', attempts: 0, swaps: [] };
  let next: LiveStep;
  switch (event.type) {
    case 'step_ready':
      next = { ...step, status: 'running' };
      break;
    case 'step_attempted': {
      const call = (event.data.call ?? {}) as Record<string, unknown>;
      next = { ...step, attempts: step.attempts + 1, provider: str(call.provider) || step.provider };
      break;
    }
    case 'provider_swapped':
      next = { ...step, provider: str(event.data.to), swaps: [...step.swaps, { from: str(event.data.from), to: str(event.data.to), reason: str(event.data.reason) }] };
      break;
    case 'step_succeeded':
      next = { ...step, status: 'succeeded' };
      break;
    case 'step_failed':
      next = { ...step, status: 'failed', error: str(event.data.error) };
      break;
    case 'step_skipped':
      next = { ...step, status: 'skipped', error: str(event.data.reason) };
      break;
    case 'waiting_for_signal':
      next = { ...step, status: 'waiting' };
      break;
    case 'signal_received':
      next = { ...step, status: 'running' };
      break;
    default:
      return steps;
  }
  return { ...steps, [id]: next };
}
