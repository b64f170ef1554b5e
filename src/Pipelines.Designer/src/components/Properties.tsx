import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Diagnostic, ProviderView } from '../api/client';
import {
  INPUT_TYPES,
  IDENTIFIER,
  STRATEGIES,
  SWAP_ON,
  WITH_ARGUMENTS,
  clean,
  fieldDiagnostics,
  isCapability,
  locate,
  referencesFor,
  renameStep,
  withStep,
  type InputDef,
  type Json,
  type PipelineDef,
  type StepDef,
} from '../model';

interface Props {
  def: PipelineDef;
  stepId: string | null;
  providers: ProviderView[];
  diagnostics: Diagnostic[];
  onChange: (def: PipelineDef) => void;
  onSelectStep: (id: string | null) => void;
  onDeleteStep: (id: string) => void;
}

const testId = (field: string) => field.replace(/[^a-zA-Z0-9_-]/g, '-');

function FieldErrors({ items, field }: { items: Diagnostic[]; field: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="field-errors" data-testid={`field-error-${testId(field)}`} role="alert">
      {items.map((d, i) => (
        <li key={i}>
          <code>{d.code}</code> {d.message}
        </li>
      ))}
    </ul>
  );
}

function Field({ label, field, errors, children }: { label: string; field: string; errors: Diagnostic[]; children: ReactNode }) {
  return (
    <div className={`field${errors.length > 0 ? ' has-error' : ''}`} data-field={field}>
      <label>
        <span className="field-label">{label}</span>
        {children}
      </label>
      <FieldErrors items={errors} field={field} />
    </div>
  );
}

/** A text box that commits on blur or Enter (for values that must not change on every keystroke, like ids). */
function CommitInput({ value, onCommit, testid, validate }: { value: string; onCommit: (v: string) => void; testid: string; validate?: (v: string) => string | null }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text === value) return;
    const problem = validate?.(text) ?? null;
    setError(problem);
    if (!problem) onCommit(text);
  };
  return (
    <>
      <input
        value={text}
        data-testid={testid}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(value);
            setError(null);
          }
        }}
      />
      {error && <span className="field-errors">{error}</span>}
    </>
  );
}

const listText = (value: string[] | undefined) => (value ?? []).join(', ');
const textList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function Properties(props: Props) {
  const { def, stepId } = props;
  if (stepId && def.steps[stepId]) return <StepProperties {...props} stepId={stepId} />;
  return <PipelineProperties {...props} />;
}

function StepProperties({ def, stepId, providers, diagnostics, onChange, onSelectStep, onDeleteStep }: Props & { stepId: string }) {
  const step = def.steps[stepId];
  const lastFocused = useRef<{ key: string; el: HTMLTextAreaElement } | null>(null);
  const [newKey, setNewKey] = useState('');
  const errors = (field: string) => fieldDiagnostics(diagnostics, stepId, field);
  const update = (change: (s: StepDef) => StepDef) => onChange(withStep(def, stepId, (s) => clean(change(s))));
  const capability = isCapability(step.uses);
  const refs = referencesFor(def, stepId);

  const setWith = (key: string, value: Json | undefined) =>
    update((s) => {
      const next = { ...(s.with ?? {}) };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return { ...s, with: next };
    });

  const insertReference = (path: string) => {
    const target = lastFocused.current;
    const text = `{{ ${path} }}`;
    if (target && step.with && typeof step.with[target.key] === 'string') {
      const el = target.el;
      const current = String(step.with[target.key]);
      const at = el.selectionStart ?? current.length;
      setWith(target.key, current.slice(0, at) + text + current.slice(el.selectionEnd ?? at));
    } else {
      void navigator.clipboard?.writeText(text);
    }
  };

  const offering = providers.filter((p) => (p.capabilities ?? []).includes(step.uses));
  const others = providers.filter((p) => !(p.capabilities ?? []).includes(step.uses));
  const chosen = Array.isArray(step.providers) ? step.providers : [];
  const toggleProvider = (id: string, on: boolean) =>
    update((s) => ({ ...s, providers: on ? [...(s.providers ?? []), id] : (s.providers ?? []).filter((p) => p !== id) }));
  const moveUp = (id: string) =>
    update((s) => {
      const list = [...(s.providers ?? [])];
      const i = list.indexOf(id);
      if (i > 0) [list[i - 1], list[i]] = [list[i], list[i - 1]];
      return { ...s, providers: list };
    });

  const unplaced = fieldDiagnostics(diagnostics, stepId, '').filter((d) => {
    const f = locate(d.pointer).field;
    return !['with', 'providers', 'policy', 'constraints', 'if', 'timeout', 'retries', 'uses', 'needs', 'onTimeout', 'items', 'parallelism'].some(
      (k) => f === k || f.startsWith(`${k}.`),
    );
  });

  return (
    <div className="properties" data-testid="step-properties">
      <div className="panel-title">
        <h2>Step</h2>
        <button type="button" className="danger" data-testid="delete-step" onClick={() => onDeleteStep(stepId)} title="Delete this step (Delete key on the canvas)">
          Delete
        </button>
      </div>
      <Field label="Id" field="id" errors={[]}>
        <CommitInput
          value={stepId}
          testid="prop-step-id"
          validate={(v) => (!IDENTIFIER.test(v) ? 'Lowercase letters, digits, - and _; starts with a letter.' : def.steps[v] ? `A step ${v} exists.` : null)}
          onCommit={(v) => {
            onChange(renameStep(def, stepId, v));
            onSelectStep(v);
          }}
        />
      </Field>
      <Field label="Uses" field="uses" errors={errors('uses')}>
        <input value={step.uses ?? ''} data-testid="prop-uses" onChange={(e) => update((s) => ({ ...s, uses: e.target.value }))} />
      </Field>
      <Field label="Needs" field="needs" errors={errors('needs')}>
        <span className="readonly" data-testid="prop-needs">{chosenText(step.needs) || 'nothing (connect on the canvas)'}</span>
      </Field>
      <Field label="If (condition)" field="if" errors={errors('if')}>
        <input value={step.if ?? ''} placeholder="e.g. steps.a.output.label == 'x'" data-testid="prop-if" onChange={(e) => update((s) => ({ ...s, if: e.target.value || undefined }))} />
      </Field>

      {step.uses !== 'foreach' && (
        <fieldset>
          <legend>with</legend>
          {Object.entries(step.with ?? {}).map(([key, value]) => (
            <Field key={key} label={key} field={`with.${key}`} errors={errors(`with.${key}`)}>
              <div className="with-row">
                {typeof value === 'string' ? (
                  <textarea
                    rows={key === 'prompt' || key === 'text' ? 3 : 1}
                    value={value}
                    data-testid={`prop-with-${key}`}
                    onFocus={(e) => (lastFocused.current = { key, el: e.currentTarget })}
                    onChange={(e) => setWith(key, e.target.value)}
                  />
                ) : (
                  <JsonInput value={value} testid={`prop-with-${key}`} onCommit={(v) => setWith(key, v)} />
                )}
                <button type="button" className="icon" aria-label={`Remove ${key}`} onClick={() => setWith(key, undefined)}>
                  ×
                </button>
              </div>
            </Field>
          ))}
          <div className="with-add">
            <input
              placeholder="new argument"
              value={newKey}
              list={`with-arguments-${step.uses}`}
              data-testid="prop-with-new"
              onChange={(e) => setNewKey(e.target.value)}
            />
            <datalist id={`with-arguments-${step.uses}`}>
              {Object.keys(WITH_ARGUMENTS[step.uses] ?? {})
                .filter((k) => (step.with ?? {})[k] === undefined)
                .map((k) => (
                  <option key={k} value={k} />
                ))}
            </datalist>
            <button
              type="button"
              disabled={!newKey || (step.with ?? {})[newKey] !== undefined}
              onClick={() => {
                setWith(newKey, WITH_ARGUMENTS[step.uses]?.[newKey] ?? '');
                setNewKey('');
              }}
            >
              Add
            </button>
          </div>
          <FieldErrors items={errors('with').filter((d) => locate(d.pointer).field === 'with')} field="with" />
          {refs.length > 0 && (
            <div className="hints" data-testid="reference-hints">
              <span className="muted small">Can reference (click to insert at the cursor):</span>
              {refs.map((r) => (
                <button type="button" key={r.path} className="chip" title={r.hint} onMouseDown={(e) => e.preventDefault()} onClick={() => insertReference(r.path)}>
                  {r.path}
                </button>
              ))}
            </div>
          )}
        </fieldset>
      )}

      {step.uses === 'foreach' && (
        <fieldset>
          <legend>foreach</legend>
          <Field label="items (one expression yielding a list)" field="items" errors={errors('items')}>
            <input value={step.items ?? ''} data-testid="prop-items" onChange={(e) => update((s) => ({ ...s, items: e.target.value }))} />
          </Field>
          <Field label="parallelism (1–64)" field="parallelism" errors={errors('parallelism')}>
            <input type="number" min={1} max={64} value={step.parallelism ?? ''} onChange={(e) => update((s) => ({ ...s, parallelism: e.target.value ? Number(e.target.value) : undefined }))} />
          </Field>
          <FieldErrors items={errors('step')} field="step" />
          <p className="muted small">The inner step (uses {step.step?.uses ?? '?'}) is edited in the YAML view; it may read {'{{ item }}'} and {'{{ index }}'}.</p>
        </fieldset>
      )}

      {capability && (
        <fieldset>
          <legend>Providers (in preference order)</legend>
          <FieldErrors items={errors('providers')} field="providers" />
          {offering.length === 0 && <p className="muted small">No configured provider offers “{step.uses}”.</p>}
          <ul className="provider-list" data-testid="prop-providers">
            {[...chosen.filter((id) => offering.some((p) => p.id === id)), ...offering.map((p) => p.id ?? '').filter((id) => !chosen.includes(id))].map((id) => (
              <li key={id}>
                <label>
                  <input type="checkbox" checked={chosen.includes(id)} data-testid={`prop-provider-${id}`} onChange={(e) => toggleProvider(id, e.target.checked)} />
                  {chosen.includes(id) && <span className="order">{chosen.indexOf(id) + 1}.</span>} {id}
                </label>
                {chosen.indexOf(id) > 0 && (
                  <button type="button" className="icon" aria-label={`Move ${id} up`} onClick={() => moveUp(id)}>
                    ↑
                  </button>
                )}
              </li>
            ))}
            {chosen
              .filter((id) => !offering.some((p) => p.id === id))
              .map((id) => (
                <li key={id} className="unknown-provider">
                  <label>
                    <input type="checkbox" checked onChange={() => toggleProvider(id, false)} /> {id} <span className="muted small">(does not offer {step.uses})</span>
                  </label>
                </li>
              ))}
          </ul>
          {others.length > 0 && <p className="muted small">Not offering {step.uses}: {others.map((p) => p.id).join(', ')}</p>}
        </fieldset>
      )}

      {capability && (
        <fieldset>
          <legend>Policy</legend>
          <Field label="Strategy" field="policy.strategy" errors={errors('policy.strategy')}>
            <select value={step.policy?.strategy ?? ''} data-testid="prop-strategy" onChange={(e) => update((s) => ({ ...s, policy: clean({ ...s.policy, strategy: e.target.value || undefined }) }))}>
              <option value="">(pipeline default)</option>
              {STRATEGIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </Field>
          <Field label="Swap on" field="policy.swapOn" errors={errors('policy.swapOn')}>
            <div className="checks">
              {SWAP_ON.map((o) => (
                <label key={o}>
                  <input
                    type="checkbox"
                    checked={(step.policy?.swapOn ?? []).includes(o)}
                    onChange={(e) =>
                      update((s) => ({
                        ...s,
                        policy: clean({ ...s.policy, swapOn: e.target.checked ? [...(s.policy?.swapOn ?? []), o] : (s.policy?.swapOn ?? []).filter((x) => x !== o) }),
                      }))
                    }
                  />
                  {o}
                </label>
              ))}
            </div>
          </Field>
          <FieldErrors items={errors('policy').filter((d) => !['policy.strategy', 'policy.swapOn'].some((k) => locate(d.pointer).field.startsWith(k)))} field="policy" />
        </fieldset>
      )}

      {capability && (
        <fieldset>
          <legend>Constraints</legend>
          <Field label="Residency (comma separated)" field="constraints.residency" errors={errors('constraints.residency')}>
            <input value={listText(step.constraints?.residency)} onChange={(e) => update((s) => ({ ...s, constraints: clean({ ...s.constraints, residency: textList(e.target.value) }) }))} />
          </Field>
          <Field label="Locality (comma separated)" field="constraints.locality" errors={errors('constraints.locality')}>
            <input value={listText(step.constraints?.locality)} onChange={(e) => update((s) => ({ ...s, constraints: clean({ ...s.constraints, locality: textList(e.target.value) }) }))} />
          </Field>
          <Field label="Max cost per 1k tokens" field="constraints.maxCostPer1kTokens" errors={errors('constraints.maxCostPer1kTokens')}>
            <input
              type="number"
              min={0}
              step="0.001"
              value={step.constraints?.maxCostPer1kTokens ?? ''}
              onChange={(e) => update((s) => ({ ...s, constraints: clean({ ...s.constraints, maxCostPer1kTokens: e.target.value ? Number(e.target.value) : undefined }) }))}
            />
          </Field>
        </fieldset>
      )}

      {step.uses !== 'transform' && (
        <fieldset>
          <legend>Limits</legend>
          <Field label="Timeout (e.g. 30s)" field="timeout" errors={errors('timeout')}>
            <input value={step.timeout ?? ''} data-testid="prop-timeout" onChange={(e) => update((s) => ({ ...s, timeout: e.target.value || undefined }))} />
          </Field>
          {capability && (
            <Field label="Retries (0–10)" field="retries" errors={errors('retries')}>
              <input type="number" min={0} max={10} value={step.retries ?? ''} data-testid="prop-retries" onChange={(e) => update((s) => ({ ...s, retries: e.target.value === '' ? undefined : Number(e.target.value) }))} />
            </Field>
          )}
          {step.uses === 'approval' && (
            <Field label="On timeout" field="onTimeout" errors={errors('onTimeout')}>
              <select value={step.onTimeout ?? ''} onChange={(e) => update((s) => ({ ...s, onTimeout: e.target.value || undefined }))}>
                <option value="">fail (default)</option>
                <option>approve</option>
                <option>reject</option>
                <option>fail</option>
              </select>
            </Field>
          )}
        </fieldset>
      )}
      {unplaced.length > 0 && <FieldErrors items={unplaced} field="other" />}
    </div>
  );
}

const chosenText = (needs: unknown) => (Array.isArray(needs) ? needs.join(', ') : '');

function JsonInput({ value, testid, onCommit }: { value: Json | undefined; testid: string; onCommit: (v: Json) => void }) {
  const shown = JSON.stringify(value ?? null);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(shown), [shown]);
  return (
    <>
      <input
        className="mono"
        value={text}
        data-testid={testid}
        title="JSON value"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          try {
            const parsed = JSON.parse(text) as Json;
            setError(null);
            if (text !== shown) onCommit(parsed);
          } catch {
            setError('Not JSON');
          }
        }}
      />
      {error && <span className="field-errors">{error}</span>}
    </>
  );
}

function PipelineProperties({ def, diagnostics, onChange }: Props) {
  const [newInput, setNewInput] = useState('');
  const [newOutput, setNewOutput] = useState('');
  const top = (field: string) => diagnostics.filter((d) => locate(d.pointer).scope === 'pipeline' && locate(d.pointer).field.split('.')[0] === field);
  const inputErrors = (name: string) => diagnostics.filter((d) => locate(d.pointer).scope === 'input' && locate(d.pointer).name === name);
  const outputErrors = (name: string) => diagnostics.filter((d) => locate(d.pointer).scope === 'output' && locate(d.pointer).name === name);
  const setInput = (name: string, input: InputDef | undefined) => {
    const inputs = { ...(def.inputs ?? {}) };
    if (input) inputs[name] = clean(input);
    else delete inputs[name];
    onChange(clean({ ...def, inputs }));
  };
  const setOutput = (name: string, value: string | undefined) => {
    const outputs = { ...(def.outputs ?? {}) };
    if (value === undefined) delete outputs[name];
    else outputs[name] = value;
    onChange(clean({ ...def, outputs }));
  };
  const refs = referencesFor(def, null);

  return (
    <div className="properties" data-testid="pipeline-properties">
      <div className="panel-title">
        <h2>Pipeline</h2>
      </div>
      <Field label="Id" field="id" errors={top('id')}>
        <input value={def.id ?? ''} data-testid="prop-pipeline-id" onChange={(e) => onChange({ ...def, id: e.target.value })} />
      </Field>
      <Field label="Title" field="title" errors={top('title')}>
        <input value={def.title ?? ''} data-testid="prop-pipeline-title" onChange={(e) => onChange({ ...def, title: e.target.value })} />
      </Field>
      <Field label="Description" field="description" errors={top('description')}>
        <textarea rows={2} value={def.description ?? ''} onChange={(e) => onChange(clean({ ...def, description: e.target.value }))} />
      </Field>
      <FieldErrors items={top('steps')} field="steps" />

      <fieldset>
        <legend>Inputs</legend>
        {Object.entries(def.inputs ?? {}).map(([name, input]) => (
          <div className="input-row" key={name} data-testid={`input-${name}`}>
            <div className="input-head">
              <strong>{name}</strong>
              <select value={input.type} aria-label={`${name} type`} data-testid={`input-${name}-type`} onChange={(e) => setInput(name, { ...input, type: e.target.value as InputDef['type'] })}>
                {INPUT_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
              <label className="small">
                <input type="checkbox" checked={input.required ?? input.default === undefined} onChange={(e) => setInput(name, { ...input, required: e.target.checked })} /> required
              </label>
              <button type="button" className="icon" aria-label={`Remove input ${name}`} onClick={() => setInput(name, undefined)}>
                ×
              </button>
            </div>
            <input placeholder="description" value={input.description ?? ''} onChange={(e) => setInput(name, { ...input, description: e.target.value || undefined })} />
            <FieldErrors items={inputErrors(name)} field={`inputs.${name}`} />
          </div>
        ))}
        <div className="with-add">
          <input placeholder="new input name" value={newInput} data-testid="new-input-name" onChange={(e) => setNewInput(e.target.value)} />
          <button
            type="button"
            data-testid="add-input"
            disabled={!newInput || !!def.inputs?.[newInput]}
            onClick={() => {
              setInput(newInput, { type: 'string' });
              setNewInput('');
            }}
          >
            Add
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Outputs</legend>
        {Object.entries(def.outputs ?? {}).map(([name, value]) => (
          <Field key={name} label={name} field={`outputs.${name}`} errors={outputErrors(name)}>
            <div className="with-row">
              <input value={value} data-testid={`output-${name}`} onChange={(e) => setOutput(name, e.target.value)} />
              <button type="button" className="icon" aria-label={`Remove output ${name}`} onClick={() => setOutput(name, undefined)}>
                ×
              </button>
            </div>
          </Field>
        ))}
        <div className="with-add">
          <input placeholder="new output name" value={newOutput} data-testid="new-output-name" onChange={(e) => setNewOutput(e.target.value)} />
          <button
            type="button"
            data-testid="add-output"
            disabled={!newOutput || def.outputs?.[newOutput] !== undefined}
            onClick={() => {
              setOutput(newOutput, refs.length > 0 ? `{{ ${refs[refs.length - 1].path} }}` : '');
              setNewOutput('');
            }}
          >
            Add
          </button>
        </div>
        {refs.length > 0 && <p className="muted small">Outputs can read any step: {refs.map((r) => r.path).join(', ')}</p>}
      </fieldset>
      <p className="muted small">Select a node to edit its step. Tab moves between nodes, Enter selects, Delete removes, Escape clears the selection.</p>
    </div>
  );
}
