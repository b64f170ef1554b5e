import { useState } from 'react';
import type { RunView } from '../api/client';
import type { LiveSteps } from '../live';
import type { InputDef, Json, PipelineDef } from '../model';

export interface RunState {
  id: string;
  status: string;
  live: LiveSteps;
  view: RunView | null;
  error: string | null;
}

interface Props {
  def: PipelineDef;
  publishedVersion: number | null;
  draftPublished: boolean;
  run: RunState | null;
  starting: boolean;
  problems: string[];
  onStart: (inputs: Record<string, Json>) => void;
  onClear: () => void;
}

function initial(input: InputDef): string {
  if (input.default === undefined || input.default === null) return input.type === 'boolean' ? 'false' : '';
  return typeof input.default === 'string' ? input.default : JSON.stringify(input.default);
}

/** Converts the form's text to the declared type; the server checks the limits and answers with pointers. */
function convert(input: InputDef, text: string): Json | undefined {
  if (text === '' && input.type !== 'string') return undefined;
  switch (input.type) {
    case 'string':
      return text === '' && (input.default !== undefined || input.required === false) ? undefined : text;
    case 'number':
    case 'integer':
      return Number(text);
    case 'boolean':
      return text === 'true';
    default:
      try {
        return JSON.parse(text) as Json;
      } catch {
        return text;
      }
  }
}

export function RunPanel({ def, publishedVersion, draftPublished, run, starting, problems, onStart, onClear }: Props) {
  const inputs = Object.entries(def.inputs ?? {});
  const [values, setValues] = useState<Record<string, string>>({});
  const value = (name: string, input: InputDef) => values[name] ?? initial(input);
  const set = (name: string, text: string) => setValues((v) => ({ ...v, [name]: text }));

  const submit = () => {
    const body: Record<string, Json> = {};
    for (const [name, input] of inputs) {
      const converted = convert(input, value(name, input));
      if (converted !== undefined) body[name] = converted;
    }
    onStart(body);
  };

  return (
    <div className="run-panel" data-testid="run-panel">
      {publishedVersion === null ? (
        <p className="warning">Publish the pipeline to run it: runs execute a published version.</p>
      ) : (
        !draftPublished && <p className="warning small">Runs use the latest published version (v{publishedVersion}); publish to run your latest changes.</p>
      )}
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {inputs.length === 0 && <p className="muted small">This pipeline declares no inputs.</p>}
        {inputs.map(([name, input]) => (
          <label key={name} className="field">
            <span className="field-label">
              {name} <span className="muted small">({input.type}{input.required === false || input.default !== undefined ? ', optional' : ''})</span>
            </span>
            {input.description && <span className="muted small">{input.description}</span>}
            {input.enum ? (
              <select value={value(name, input)} data-testid={`run-input-${name}`} onChange={(e) => set(name, e.target.value)}>
                {input.enum.map((o) => (
                  <option key={String(o)}>{String(o)}</option>
                ))}
              </select>
            ) : input.type === 'boolean' ? (
              <input type="checkbox" checked={value(name, input) === 'true'} data-testid={`run-input-${name}`} onChange={(e) => set(name, String(e.target.checked))} />
            ) : input.type === 'number' || input.type === 'integer' ? (
              <input type="number" step={input.type === 'integer' ? 1 : 'any'} min={input.minimum} max={input.maximum} value={value(name, input)} data-testid={`run-input-${name}`} onChange={(e) => set(name, e.target.value)} />
            ) : input.type === 'string' ? (
              <textarea rows={2} maxLength={input.maxLength} value={value(name, input)} data-testid={`run-input-${name}`} onChange={(e) => set(name, e.target.value)} />
            ) : (
              <textarea rows={3} className="mono" placeholder={input.type === 'array' ? '["a", "b"]' : '{"key": "value"}'} value={value(name, input)} data-testid={`run-input-${name}`} onChange={(e) => set(name, e.target.value)} />
            )}
          </label>
        ))}
        {problems.length > 0 && (
          <ul className="field-errors" role="alert" data-testid="run-problems">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={publishedVersion === null || starting} data-testid="start-run">
            {starting ? 'Starting…' : 'Start run'}
          </button>
          {run && (
            <button type="button" onClick={onClear} data-testid="clear-run">
              Back to editing
            </button>
          )}
        </div>
      </form>
      {run && <RunDetails run={run} def={def} />}
    </div>
  );
}

function RunDetails({ run, def }: { run: RunState; def: PipelineDef }) {
  const view = run.view;
  const start = view?.startedAt ? Date.parse(view.startedAt) : Date.now();
  const steps = view?.steps ?? [];
  const end = Math.max(start + 1, ...steps.map((s) => (s.endedAt ? Date.parse(s.endedAt) : Date.now())), view?.endedAt ? Date.parse(view.endedAt) : 0);
  const span = end - start;
  return (
    <div className="run-details">
      <div className="run-head">
        <span className={`badge badge-${run.status.toLowerCase()}`} data-testid="run-status">
          {run.status}
        </span>
        <code className="small" data-testid="run-id">{run.id}</code>
        {view && <span className="muted small">v{view.pipelineVersion}</span>}
      </div>
      {run.error && <p className="error">{run.error}</p>}
      {view?.error && <p className="error">Failed at {view.failedStep}: {view.error}</p>}
      {view?.outputs != null && (
        <>
          <h3>Outputs</h3>
          <pre className="mono outputs" data-testid="run-outputs">{JSON.stringify(view.outputs, null, 2)}</pre>
        </>
      )}
      {steps.length > 0 && (
        <>
          <h3>Timeline</h3>
          <ul className="timeline" data-testid="run-timeline">
            {Object.keys(def.steps)
              .map((id) => steps.find((s) => s.id === id))
              .concat(steps.filter((s) => !def.steps[s.id ?? '']))
              .filter((s) => s !== undefined)
              .map((s) => {
                const from = (s.startedAt ?? s.readyAt ? Date.parse((s.startedAt ?? s.readyAt)!) : start) - start;
                const to = (s.endedAt ? Date.parse(s.endedAt) : Date.now()) - start;
                const status = (s.status ?? 'Pending').toLowerCase();
                return (
                  <li key={s.id} data-testid={`timeline-${s.id}`} title={`${s.id}: ${status}, ${s.durationMs != null ? Math.round(s.durationMs) + ' ms' : ''}`}>
                    <span className="timeline-label">{s.id}</span>
                    <span className="timeline-track">
                      <span className={`timeline-bar bar-${status}`} style={{ left: `${(from / span) * 100}%`, width: `${Math.max(1, ((to - from) / span) * 100)}%` }} />
                    </span>
                    <span className="timeline-ms small">{s.durationMs != null ? `${Math.round(s.durationMs)} ms` : status}</span>
                    {(s.swaps ?? []).map((w, i) => (
                      <div key={i} className="small swap-note">
                        ⇄ {w.from} → {w.to}, {w.reason}
                      </div>
                    ))}
                  </li>
                );
              })}
          </ul>
        </>
      )}
    </div>
  );
}
