// The pipeline definition as the designer edits it (format pipelines/v1, see docs/definitions.md), and the pure
// helpers around it: graph checks, JSON pointers, referenceable template paths, YAML text.
import { parse, stringify } from 'yaml';
import type { Diagnostic } from './api/client';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface InputDef {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  required?: boolean;
  default?: Json;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: Json[];
  items?: InputDef;
  description?: string;
}

export interface PolicyDef {
  strategy?: string;
  swapOn?: string[];
  weights?: Record<string, number>;
  hedgeDelay?: string;
  deadline?: string;
}

export interface ConstraintsDef {
  residency?: string[];
  locality?: string[];
  maxCostPer1kTokens?: number;
  features?: string[];
}

export interface StepDef {
  uses: string;
  needs?: string[];
  if?: string;
  with?: Record<string, Json>;
  providers?: string[];
  policy?: PolicyDef;
  constraints?: ConstraintsDef;
  timeout?: string;
  retries?: number;
  backoff?: Record<string, Json>;
  onTimeout?: string;
  items?: string;
  parallelism?: number;
  step?: StepDef;
  [extra: string]: unknown;
}

export interface PipelineDef {
  apiVersion: string;
  kind: string;
  id: string;
  title: string;
  description?: string;
  inputs?: Record<string, InputDef>;
  defaults?: Record<string, Json>;
  steps: Record<string, StepDef>;
  outputs?: Record<string, string>;
  layout?: Record<string, { x: number; y: number }>;
  [extra: string]: unknown;
}

export const STEP_KINDS = ['transform', 'approval', 'foreach'] as const;
export const BUILT_IN_CAPABILITIES = ['chat', 'embed', 'classify'];
export const STRATEGIES = ['ordered', 'health-ranked', 'weighted', 'fastest', 'cheapest', 'hedged'];
export const SWAP_ON = ['unavailable', 'timeout', 'rate_limited', 'stalled', 'filtered', 'context_length', 'invalid_output'];
export const INPUT_TYPES: InputDef['type'][] = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
export const IDENTIFIER = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Output fields per built-in kind (docs/definitions.md; the capabilities' are the SDK's ChatFields/EmbedFields/
 * ClassifyFields.Outputs); other capabilities are not checked by the validator.
 */
export const OUTPUT_FIELDS: Record<string, string[]> = {
  chat: ['text', 'finishReason', 'usage', 'toolCalls', 'refusal', 'json', 'provider'],
  embed: ['vector', 'vectors', 'dimensions', 'usage', 'provider'],
  classify: ['label', 'score', 'scores', 'provider'],
  approval: ['approved', 'by', 'comment'],
  foreach: ['items'],
};

/**
 * The arguments a built-in capability's `with` takes (the SDK's ChatFields.Inputs ...), each with the value a new one
 * starts from: the properties panel offers them when adding an argument.
 */
export const WITH_ARGUMENTS: Record<string, Record<string, Json>> = {
  chat: {
    prompt: '',
    system: '',
    messages: [{ role: 'user', content: [{ type: 'text', text: '' }, { type: 'image', url: 'https://' }] }],
    tools: [{ name: 'lookup', description: '', parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } }],
    toolChoice: 'auto',
    responseFormat: { jsonSchema: { type: 'object', properties: {}, required: [] } },
    json: true,
    temperature: 0.2,
    topP: 1,
    maxTokens: 256,
    stop: [],
    seed: 1,
    n: 1,
    extensions: {},
  },
  embed: { input: '', dimensions: 384 },
  classify: { text: '', labels: ['yes', 'no'] },
};

export function isCapability(uses: string): boolean {
  return !(STEP_KINDS as readonly string[]).includes(uses);
}

export function newPipeline(): PipelineDef {
  return { apiVersion: 'pipelines/v1', kind: 'Pipeline', id: 'new-pipeline', title: 'New pipeline', steps: {} };
}

/** A fresh step of a kind, with the fields that kind needs to be useful (providers are left for the author). */
export function newStep(uses: string): StepDef {
  switch (uses) {
    case 'transform':
      return { uses, with: { value: '' } };
    case 'approval':
      return { uses, with: { prompt: 'Approve?' }, timeout: '1h', onTimeout: 'reject' };
    case 'foreach':
      return { uses, items: '{{ inputs.items }}', step: { uses: 'transform', with: { value: '{{ item }}' } } };
    case 'embed':
    case 'classify':
      return { uses, with: uses === 'classify' ? { text: '', labels: ['yes', 'no'] } : { text: '' } };
    default:
      return { uses, with: { prompt: '' } };
  }
}

export function uniqueStepId(def: PipelineDef, base: string): string {
  const stem = base.replace(/[^a-z0-9_-]/g, '-').replace(/^[^a-z]+/, '') || 'step';
  if (!def.steps[stem]) return stem;
  for (let i = 2; ; i++) if (!def.steps[`${stem}-${i}`]) return `${stem}-${i}`;
}

/** Every step the given step needs, directly or through its needs. */
export function upstreamOf(def: PipelineDef, stepId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(def.steps[stepId]?.needs ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next) || !def.steps[next]) continue;
    seen.add(next);
    stack.push(...(def.steps[next].needs ?? []));
  }
  return seen;
}

/** Why `target` may not need `source`, or null when the dependency can be added. */
export function refuseDependency(def: PipelineDef, source: string, target: string): string | null {
  if (source === target) return 'A step cannot need itself.';
  if (!def.steps[source] || !def.steps[target]) return 'Unknown step.';
  if ((def.steps[target].needs ?? []).includes(source)) return `${target} already needs ${source}.`;
  if (source === target || upstreamOf(def, source).has(target)) {
    return `Refused: ${target} needing ${source} would make a cycle (${source} already needs ${target}).`;
  }
  return null;
}

export function withStep(def: PipelineDef, id: string, change: (step: StepDef) => StepDef): PipelineDef {
  return { ...def, steps: { ...def.steps, [id]: change(def.steps[id]) } };
}

export function removeSteps(def: PipelineDef, ids: string[]): PipelineDef {
  const gone = new Set(ids);
  const steps: Record<string, StepDef> = {};
  for (const [id, step] of Object.entries(def.steps)) {
    if (gone.has(id)) continue;
    steps[id] = step.needs ? clean({ ...step, needs: step.needs.filter((n) => !gone.has(n)) }) : step;
  }
  const layout = def.layout ? Object.fromEntries(Object.entries(def.layout).filter(([id]) => !gone.has(id))) : undefined;
  return clean({ ...def, steps, layout });
}

export function renameStep(def: PipelineDef, from: string, to: string): PipelineDef {
  const steps: Record<string, StepDef> = {};
  for (const [id, step] of Object.entries(def.steps)) {
    const renamed = step.needs ? { ...step, needs: step.needs.map((n) => (n === from ? to : n)) } : step;
    steps[id === from ? to : id] = renamed;
  }
  const layout = def.layout
    ? Object.fromEntries(Object.entries(def.layout).map(([id, p]) => [id === from ? to : id, p]))
    : undefined;
  return clean({ ...def, steps, layout });
}

/** Drops undefined values, empty lists and empty maps, so the YAML stays as short as the author would write it. */
export function clean<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 && key !== 'steps') continue;
    out[key] = v;
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------------------------
// Template references

export interface Reference {
  path: string;
  hint: string;
}

/** What a template in this step (or in outputs, when stepId is null) can read, per the upstream rule. */
export function referencesFor(def: PipelineDef, stepId: string | null): Reference[] {
  const refs: Reference[] = Object.entries(def.inputs ?? {}).map(([name, input]) => ({
    path: `inputs.${name}`,
    hint: `input, ${input.type}`,
  }));
  const visible = stepId === null ? Object.keys(def.steps) : [...upstreamOf(def, stepId)];
  for (const id of visible.sort()) {
    const step = def.steps[id];
    if (!step) continue;
    const fields = step.uses === 'transform' ? Object.keys(step.with ?? {}) : (OUTPUT_FIELDS[step.uses] ?? []);
    if (fields.length === 0) refs.push({ path: `steps.${id}.output`, hint: `${step.uses} output` });
    for (const field of fields) refs.push({ path: `steps.${id}.output.${field}`, hint: `${step.uses} output` });
  }
  if (stepId && def.steps[stepId]?.uses === 'foreach') {
    refs.push({ path: 'item', hint: 'current element (inner step)' }, { path: 'index', hint: 'position (inner step)' });
  }
  return refs;
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics by JSON pointer

export interface Located {
  scope: 'step' | 'input' | 'output' | 'pipeline';
  /** Step id, input name or output name. */
  name: string | null;
  /** Dotted field path below it, e.g. "with.prompt" or "providers.0"; "" for the whole thing. */
  field: string;
}

export function locate(pointer: string | null | undefined): Located {
  const parts = (pointer ?? '')
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [root, name, ...rest] = parts;
  if (root === 'steps' && name !== undefined) return { scope: 'step', name, field: rest.join('.') };
  if (root === 'inputs' && name !== undefined) return { scope: 'input', name, field: rest.join('.') };
  if (root === 'outputs' && name !== undefined) return { scope: 'output', name, field: rest.join('.') };
  return { scope: 'pipeline', name: null, field: parts.join('.') };
}

export function stepDiagnostics(diagnostics: Diagnostic[], stepId: string): Diagnostic[] {
  return diagnostics.filter((d) => {
    const at = locate(d.pointer);
    return at.scope === 'step' && at.name === stepId;
  });
}

/** Diagnostics of a step field: exactly that field, or anything below it ("providers" covers "providers.1"). */
export function fieldDiagnostics(diagnostics: Diagnostic[], stepId: string, field: string): Diagnostic[] {
  return stepDiagnostics(diagnostics, stepId).filter((d) => {
    const f = locate(d.pointer).field;
    return f === field || f.startsWith(`${field}.`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

const TOP_ORDER = ['apiVersion', 'kind', 'id', 'title', 'description', 'inputs', 'defaults', 'steps', 'outputs', 'layout'];
const STEP_ORDER = ['uses', 'needs', 'if', 'with', 'items', 'parallelism', 'step', 'providers', 'policy', 'constraints', 'timeout', 'retries', 'backoff', 'onTimeout'];

function ordered<T extends object>(value: T, order: string[]): T {
  const keys = Object.keys(value);
  const rank = (k: string) => (order.indexOf(k) < 0 ? order.length : order.indexOf(k));
  return Object.fromEntries(keys.sort((a, b) => rank(a) - rank(b)).map((k) => [k, (value as Record<string, unknown>)[k]])) as T;
}

export function toYaml(def: PipelineDef): string {
  const steps = Object.fromEntries(
    Object.entries(def.steps).map(([id, step]) => [id, ordered(step.step ? { ...step, step: ordered(step.step, STEP_ORDER) } : step, STEP_ORDER)]),
  );
  const layout = def.layout
    ? Object.fromEntries(Object.entries(def.layout).map(([id, p]) => [id, { x: Math.round(p.x), y: Math.round(p.y) }]))
    : undefined;
  const top = ordered(clean({ ...def, steps, layout }), TOP_ORDER);
  return stringify(top, { lineWidth: 0, flowCollectionPadding: true });
}

export type ParsedYaml = { ok: true; def: PipelineDef } | { ok: false; error: string };

/** Parses the YAML view's text; the shape must be close enough to draw (a map with a map of steps). */
export function fromYaml(text: string): ParsedYaml {
  try {
    const value: unknown = parse(text, { version: '1.2', schema: 'core', uniqueKeys: true });
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'The definition must be a map.' };
    const def = value as PipelineDef;
    const steps = def.steps ?? {};
    if (typeof steps !== 'object' || Array.isArray(steps)) return { ok: false, error: '`steps` must be a map of step id to step.' };
    for (const [id, step] of Object.entries(steps)) {
      if (!step || typeof step !== 'object' || Array.isArray(step)) return { ok: false, error: `Step ${id} must be a map.` };
      if (step.needs !== undefined && !Array.isArray(step.needs)) return { ok: false, error: `steps.${id}.needs must be a list.` };
    }
    return { ok: true, def: { ...def, steps } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
